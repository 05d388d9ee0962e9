/// All loaded trees: the source trees by id, their translations by language,
/// and the list of playbook sources that `source:` lines may cite.
public struct Library: Sendable {
    /// Source trees, in the order they were found.
    public var trees: [Tree] = []
    public var treeIndex: [String: Int] = [:]
    /// Tree id to language code to translated tree.
    public var translations: [String: [String: Tree]] = [:]
    /// The playbook's article and technique list (from `SOURCES.md`), if one was found.
    public var sources: SourceList?
    /// Every file that was read, in order.
    public var files: [String] = []

    public init() {}

    public init(trees: [Tree]) {
        for tree in trees { add(tree) }
    }

    mutating func add(_ tree: Tree) {
        treeIndex[tree.id] = trees.count
        trees.append(tree)
    }

    public func tree(_ id: String) -> Tree? {
        treeIndex[id].map { trees[$0] }
    }

    public func node(_ ref: NodeRef) -> Node {
        trees[Int(ref.tree)].nodes[Int(ref.node)]
    }

    /// `tree#node`: how node `ref` is named in targets, path files and exports.
    public func address(of ref: NodeRef) -> String {
        TargetName(tree: trees[Int(ref.tree)].id, node: node(ref).id).description
    }

    /// Node `ref` named from tree `home`: its id there, `tree#node` elsewhere.
    public func address(of ref: NodeRef, from home: Int32) -> String {
        ref.tree == home ? node(ref).id : address(of: ref)
    }

    /// The node `tree#node` names, or nil.
    public func ref(address: String) -> NodeRef? {
        let name = TargetName(parsing: address)
        guard let tree = name.tree, let node = name.node else { return nil }
        return ref(tree: tree, node: node)
    }

    public func ref(tree: String, node: String) -> NodeRef? {
        guard let t = treeIndex[tree], let n = trees[t].nodeIndex[node] else { return nil }
        return NodeRef(tree: t, node: Int(n))
    }

    public func start(of treeIndex: Int) -> NodeRef? {
        trees[treeIndex].startIndex.map { NodeRef(tree: treeIndex, node: Int($0)) }
    }

    /// The language codes with at least one translated tree, sorted.
    public var languages: [String] {
        var set = Set<String>()
        for tree in trees { set.insert(tree.lang) }
        for (_, byLang) in translations { for lang in byLang.keys { set.insert(lang) } }
        return set.sorted()
    }

    /// The outcomes of the trees' end nodes, each once, in the order found.
    public var outcomes: [String] {
        var seen = Set<String>()
        var list: [String] = []
        for tree in trees {
            for node in tree.nodes where node.isEnd {
                if let o = node.outcome, seen.insert(o).inserted { list.append(o) }
            }
        }
        return list
    }

    /// The node at `ref` as it reads in `lang`, falling back to the source.
    public func node(_ ref: NodeRef, lang: String?) -> Node {
        let source = node(ref)
        guard let lang, let translated = translation(of: Int(ref.tree), lang: lang),
              let n = translated.node(source.id) else { return source }
        return n
    }

    public func translation(of treeIndex: Int, lang: String) -> Tree? {
        let tree = trees[treeIndex]
        if tree.lang == lang { return tree }
        return translations[tree.id]?[lang]
    }

    public var nodeCount: Int { trees.reduce(0) { $0 + $1.nodes.count } }
    public var translationCount: Int { translations.values.reduce(0) { $0 + $1.count } }

    /// Resolves every choice's target to a node; returns a diagnostic for each
    /// target that names nothing.
    mutating func resolveTargets() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for t in trees.indices {
            let store = trees[t].store
            // Fast path: targets naming a node of the same tree, found on the bytes.
            var refs = store.localTargets(tree: t)
            for c in refs.indices where refs[c].tree < 0 {
                let choice = Choice(store: store, resolvedRefs: .empty, index: c)
                let (ref, problem) = resolve(choice.target, from: t)
                if let ref {
                    refs.set(c, ref)
                } else if let problem {
                    diagnostics.append(.error(
                        SourceLocation(file: trees[t].file, line: Int(store.choices[c].line),
                                       column: Int(store.targetColumn(ofChoice: c))),
                        problem))
                }
            }
            trees[t].resolvedRefs = RefTable(refs)
        }
        return diagnostics
    }

    func resolve(_ target: TargetName, from t: Int) -> (NodeRef?, String?) {
        switch (target.tree, target.node) {
        case let (nil, name?):
            if let n = trees[t].nodeIndex[name] { return (NodeRef(tree: t, node: Int(n)), nil) }
            if let other = treeIndex[name] {
                if let s = trees[other].startIndex { return (NodeRef(tree: other, node: Int(s)), nil) }
                return (nil, nil)  // that tree's own start error covers it
            }
            var message = "target '\(name)' names no node in tree '\(trees[t].id)' and no tree"
            if let near = nearest(name, in: trees[t].nodes.map(\.id) + trees.map(\.id)) {
                message += "; did you mean '\(near)'?"
            }
            return (nil, message)
        case let (treeName?, nodeName):
            guard let other = treeIndex[treeName] else {
                var message = "target '\(target)' names no tree '\(treeName)'"
                if let near = nearest(treeName, in: trees.map(\.id)) { message += "; did you mean '\(near)'?" }
                if trees.count > 0 { message += " (loaded: \(trees.map(\.id).sorted().joined(separator: ", ")))" }
                return (nil, message)
            }
            guard let nodeName else {
                if let s = trees[other].startIndex { return (NodeRef(tree: other, node: Int(s)), nil) }
                return (nil, nil)
            }
            if let n = trees[other].nodeIndex[nodeName] { return (NodeRef(tree: other, node: Int(n)), nil) }
            var message = "target '\(target)' names no node '\(nodeName)' in tree '\(treeName)'"
            if let near = nearest(nodeName, in: trees[other].nodes.map(\.id)) { message += "; did you mean '\(TargetName(tree: treeName, node: near))'?" }
            return (nil, message)
        case (nil, nil):
            return (nil, "empty target")
        }
    }
}
