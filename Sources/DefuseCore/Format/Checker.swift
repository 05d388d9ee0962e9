/// Checks a loaded library: reachability, trap cycles, outcomes, empty nodes,
/// playbook sources and translation structure. Parse errors and unresolved
/// targets are found earlier, by the parser and the loader.
public struct Checker {
    public let library: Library

    public init(library: Library) {
        self.library = library
    }

    public func run() -> [Diagnostic] {
        var out: [Diagnostic] = []
        checkGraph(Graph(library), into: &out)
        for tree in library.trees {
            for node in tree.nodes { checkNode(node, tree: tree, sources: library.sources, into: &out) }
        }
        for (id, byLang) in library.translations {
            for lang in byLang.keys.sorted() {
                checkTranslation(byLang[lang]!, lang: lang, sourceID: id, into: &out)
            }
        }
        return out
    }

    func location(_ tree: Tree, _ position: Position) -> SourceLocation {
        position.location(in: tree.file)
    }

    /// Reachability and trap cycles.
    func checkGraph(_ graph: Graph, into out: inout [Diagnostic]) {
        let starts = library.trees.indices.compactMap { t in
            library.trees[t].startIndex.map { graph.offsets[t] + Int($0) }
        }
        let live = graph.canReachEnd()
        let reachable = graph.reachable(from: starts)
        for t in library.trees.indices {
            let tree = library.trees[t]
            // A tree whose start is broken has its own error; skip the cascade.
            guard tree.startIndex != nil else { continue }
            for n in tree.nodes.indices where !reachable[graph.offsets[t] + n] {
                let node = tree.nodes[n]
                out.append(.warning(location(tree, node.position),
                                    "node '\(node.id)' cannot be reached from the start of any tree"))
            }
        }
        // Trap cycles: follow, from each trap node, a choice that stays in
        // the trap until a node repeats. Each node is walked once overall.
        var state = [UInt8](repeating: 0, count: graph.nodeCount)  // 0 new, 1 on walk, 2 done
        for start in 0..<graph.nodeCount where !live[start] && state[start] == 0 {
            var walk: [Int] = []
            var i = start
            while state[i] == 0 {
                state[i] = 1
                walk.append(i)
                guard let next = graph.edges(i).lazy.map({ Int(graph.targets[$0]) }).first(where: { !live[$0] }) else {
                    break  // cannot happen: a trap node only leads to traps
                }
                i = next
            }
            if state[i] == 1, let at = walk.firstIndex(of: i) {
                report(cycle: Array(walk[at...]), graph: graph, into: &out)
            }
            for w in walk { state[w] = 2 }
        }
    }

    func report(cycle: [Int], graph: Graph, into out: inout [Diagnostic]) {
        // Report at the cycle's first node in file order.
        let refs = cycle.map { graph.ref($0) }
        let first = refs.indices.min { refs[$0] < refs[$1] }!
        let ordered = Array(refs[first...] + refs[..<first])
        let home = ordered[0]
        let tree = library.trees[Int(home.tree)]
        func name(_ r: NodeRef) -> String { library.address(of: r, from: home.tree) }
        var shown = ordered.prefix(8).map(name)
        if ordered.count > 8 { shown.append("… (\(ordered.count) nodes)") }
        shown.append(name(home))
        let node = library.node(home)
        out.append(.error(location(tree, node.position),
                          "trap cycle: no end node can be reached from '\(node.id)' (\(shown.joined(separator: " -> "))); give one of these nodes a choice that leads toward an end"))
    }

    /// Outcomes where they belong, content in every node, sources that exist.
    func checkNode(_ node: Node, tree: Tree, sources: SourceList?, into out: inout [Diagnostic]) {
        if node.isEnd {
            if !node.has(.outcome) {
                out.append(.warning(location(tree, node.position),
                                    "end node '\(node.id)' has no outcome (add 'outcome: resolved', 'escalated', 'ended' or 'safety')"))
            }
        } else if let m = node.metadata(.outcome) {
            out.append(.warning(location(tree, m.position),
                                "node '\(node.id)' has choices, so its outcome is never reached; outcomes belong on end nodes"))
        }
        if node.isEmpty {
            out.append(.warning(location(tree, node.position), "node '\(node.id)' has neither guidance nor phrases"))
        }
        if let sources, let m = node.metadata(.source) {
            checkSources(m, tree: tree, list: sources, into: &out)
        }
    }

    func checkSources(_ m: Metadata, tree: Tree, list: SourceList, into out: inout [Diagnostic]) {
        // On the bytes: parts split at commas, columns count Unicode scalars.
        let bytes = Array(m.value.utf8)
        var column = Int(m.valueColumn)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x2C { end += 1 }
            var s = start
            var e = end
            while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
            while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
            let lead = s - start
            if e - s >= 5 && bytes[s + 3] == 0x2D {
                let id = String(decoding: bytes[s..<e], as: UTF8.self)
                if SourceList.isPlaybookID(id) && list.index[id] == nil {
                    var message = "source '\(id)' is not in \(FileSystem.baseName(list.file))"
                    if let near = nearest(id, in: list.techniques.map(\.id)) { message += "; did you mean '\(near)'?" }
                    out.append(.warning(SourceLocation(file: tree.file, line: Int(m.position.line), column: column + lead), message))
                }
            }
            var scalars = 0
            for k in start..<end where bytes[k] & 0xC0 != 0x80 { scalars += 1 }
            column += scalars + 1
            start = end + 1
        }
    }

    func checkTranslation(_ t: Tree, lang: String, sourceID: String, into out: inout [Diagnostic]) {
        let here = location(t, t.titlePosition)
        if let m = t.metadata.first(where: { $0.key == "lang" }) {
            if m.value != lang {
                out.append(.error(SourceLocation(file: t.file, line: Int(m.position.line), column: Int(m.valueColumn)),
                                  "translation in folder '\(lang)' says 'lang: \(m.value)'; they must agree"))
            }
        } else {
            out.append(.error(here, "translation in folder '\(lang)' needs 'lang: \(lang)' under its title"))
        }
        guard let source = library.tree(sourceID) else {
            out.append(.error(here, "translation of unknown tree '\(sourceID)': no source tree with that id was loaded"))
            return
        }
        let name = FileSystem.baseName(source.file)
        if let s = source.startNode, let ts = t.startNode, s.id != ts.id {
            out.append(.error(here, "starts at '\(ts.id)' but \(name) starts at '\(s.id)'"))
        }
        var missing: [String] = []
        for node in source.nodes where t.nodeIndex[node.id] == nil { missing.append(node.id) }
        if !missing.isEmpty {
            let list = missing.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            let more = missing.count > 10 ? " and \(missing.count - 10) more" : ""
            out.append(.error(here, "missing \(missing.count == 1 ? "node" : "nodes") \(list)\(more) of \(name)"))
        }
        for node in t.nodes {
            guard let s = source.node(node.id) else {
                out.append(.error(location(t, node.position), "node '\(node.id)' is not in \(name)"))
                continue
            }
            if node.choices.count != s.choices.count {
                out.append(.error(location(t, node.position),
                                  "node '\(node.id)' has \(node.choices.count) \(node.choices.count == 1 ? "choice" : "choices"); \(name) has \(s.choices.count)"))
            } else {
                for (i, (c, sc)) in zip(node.choices, s.choices).enumerated() where c.target != sc.target {
                    out.append(.error(SourceLocation(file: t.file, line: Int(c.position.line), column: Int(c.targetColumn)),
                                      "choice \(i + 1) of '\(node.id)' leads to '\(c.target)'; in \(name) it leads to '\(sc.target)'"))
                }
            }
            if node.outcome != s.outcome {
                let pos = node.metadata(.outcome)?.position ?? node.position
                out.append(.error(location(t, pos),
                                  "node '\(node.id)' has outcome '\(node.outcome ?? "none")'; in \(name) it is '\(s.outcome ?? "none")'"))
            }
            if node.intensity != s.intensity {
                let pos = node.metadata(.intensity)?.position ?? node.position
                let mine = node.intensity.map { "intensity \($0.value)" } ?? "no intensity"
                out.append(.error(location(t, pos),
                                  "node '\(node.id)' has \(mine); in \(name) it is \(s.intensity.map { String($0.value) } ?? "none")"))
            }
        }
    }
}
