/// Limits of the strict lint (`defuse check --strict`).
public struct LintOptions: Sendable {
    /// In a tree tagged `abusive`, every path reaches a boundary or safety exit within this many choices.
    public var maxSteps = 6
    /// Phrases longer than this many words are hard to say under stress.
    public var maxPhraseWords = 30

    public init(maxSteps: Int = 6, maxPhraseWords: Int = 30) {
        self.maxSteps = maxSteps
        self.maxPhraseWords = maxPhraseWords
    }
}

/// What a playbook author wants on top of `Checker`, all as warnings:
/// - in a tree tagged `abusive`, every path from its start reaches a
///   boundary or safety exit within `maxSteps` choices. A node is such an
///   exit if its `tags:` include `boundary`, or it is an end node whose
///   outcome is `ended`, `safety` or `escalated`. Paths follow choices into
///   other trees. A path that ends elsewhere first, or can circle without
///   ever reaching an exit, is reported too.
/// - phrases longer than `maxPhraseWords` words (in translations as well);
/// - nodes without `source:` (source trees only: translations share them);
/// - nodes without `intensity:` in a tree where other nodes have one;
/// - phrases that say what the tree's language's phrasing list strikes
///   (`PhrasingList`): "calm down", promises, blame, ...
/// End nodes without `outcome` are already reported by `Checker`, so the
/// lint does not repeat them.
public struct Lint {
    public let library: Library
    public var options: LintOptions
    /// The phrasing lists, by language (`PhrasingList.find`).
    public var phrasing: [String: PhrasingList]

    public init(library: Library, options: LintOptions = LintOptions(), phrasing: [String: PhrasingList] = [:]) {
        self.library = library
        self.options = options
        self.phrasing = phrasing
    }

    public static let exitOutcomes: Set<String> = ["ended", "safety", "escalated"]

    public func run() -> [Diagnostic] {
        var out: [Diagnostic] = []
        let graph = Graph(library)
        var scratch = BoundaryScratch(count: graph.nodeCount)
        for t in library.trees.indices where library.trees[t].tags.contains("abusive") {
            checkBoundaries(tree: t, graph: graph, scratch: &scratch, into: &out)
        }
        var all = library.trees
        for id in library.translations.keys.sorted() {
            for lang in library.translations[id]!.keys.sorted() { all.append(library.translations[id]![lang]!) }
        }
        for (i, tree) in all.enumerated() {
            let isSource = i < library.trees.count
            // In a tree that rates intensity, every node should: a gap breaks the curve.
            let ratesIntensity = isSource && tree.nodes.contains { $0.has(.intensity) }
            let struck = PhrasingList.list(for: tree.lang, in: phrasing)
            for node in tree.nodes {
                if isSource && !node.has(.source) {
                    out.append(.warning(node.position.location(in: tree.file),
                                        "node '\(node.id)' has no 'source:' line: cite the playbook article or technique it follows"))
                }
                if ratesIntensity && !node.has(.intensity) {
                    out.append(.warning(node.position.location(in: tree.file),
                                        "node '\(node.id)' has no 'intensity:' line, though other nodes of tree '\(tree.id)' have one: rate how heated the customer is here, 0 to 5"))
                }
                for (k, phrase) in node.phrases.enumerated() {
                    for match in struck?.matches(in: phrase.text) ?? [] {
                        let said = String(decoding: Array(phrase.text.utf8)[match.range], as: UTF8.self)
                        let group = struck!.groups[match.expression.group]
                        out.append(.warning(node.position(ofPhrase: k, at: match.range.lowerBound).location(in: tree.file),
                                            "phrase in '\(node.id)' says \"\(said)\" (\(group.name)): \(group.why)"))
                    }
                    let words = Lint.wordCount(phrase.text)
                    if words > options.maxPhraseWords {
                        out.append(.warning(phrase.position.location(in: tree.file),
                                            "phrase in '\(node.id)' has \(words) words (more than \(options.maxPhraseWords)); a shorter one is easier to say under stress"))
                    }
                }
            }
        }
        return out
    }

    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for b in text.utf8 {
            let space = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    func isExit(_ g: Int, graph: Graph) -> Bool {
        let node = library.node(graph.ref(g))
        if node.tags.contains("boundary") { return true }
        if node.isEnd, let o = node.outcome, Lint.exitOutcomes.contains(o) { return true }
        return false
    }

    func name(_ g: Int, graph: Graph, home: Int) -> String {
        library.address(of: graph.ref(g), from: Int32(home))
    }

    func location(_ g: Int, graph: Graph) -> SourceLocation {
        let ref = graph.ref(g)
        return library.node(ref).position.location(in: library.trees[Int(ref.tree)].file)
    }

    /// Longest walk from the tree's start that meets no exit, depth first
    /// with an explicit stack; a walk that can circle forever, or that ends
    /// before an exit, is reported where it happens.
    /// Per-node arrays for `checkBoundaries`, allocated once and reset only
    /// where a tree's walk touched them, so many abusive trees stay linear.
    struct BoundaryScratch {
        /// 0 new, 1 on the stack, 2 done.
        var state: [UInt8]
        /// Most choices from a node to an exit, and the next node on that walk.
        var longest: [Int32]
        var via: [Int32]
        var touched: [Int32] = []

        init(count: Int) {
            state = [UInt8](repeating: 0, count: count)
            longest = [Int32](repeating: 0, count: count)
            via = [Int32](repeating: -1, count: count)
        }

        mutating func reset() {
            for v in touched {
                state[Int(v)] = 0
                longest[Int(v)] = 0
                via[Int(v)] = -1
            }
            touched.removeAll(keepingCapacity: true)
        }
    }

    func checkBoundaries(tree t: Int, graph: Graph, scratch: inout BoundaryScratch, into out: inout [Diagnostic]) {
        guard let start = library.start(of: t).map({ graph.global($0) }) else { return }
        let treeID = library.trees[t].id
        scratch.reset()
        var state = scratch.state, longest = scratch.longest, via = scratch.via
        scratch.state = []; scratch.longest = []; scratch.via = []  // move, not copy
        defer { scratch.state = state; scratch.longest = longest; scratch.via = via }
        var reportedCycle = false
        var stack: [(v: Int32, e: Int32)] = []
        func enter(_ v: Int) {
            scratch.touched.append(Int32(v))
            state[v] = 1
            if isExit(v, graph: graph) {
                state[v] = 2
                return
            }
            if graph.isEnd(v) {
                state[v] = 2
                let node = library.node(graph.ref(v))
                out.append(.warning(location(v, graph: graph),
                                    "tree '\(treeID)' is tagged abusive, but a path ends at '\(name(v, graph: graph, home: t))' (outcome: \(node.outcome ?? "none")) without passing a boundary or safety exit"))
                return
            }
            stack.append((Int32(v), graph.edgeStart[v]))
        }
        enter(start)
        while let top = stack.last {
            let v = Int(top.v)
            if top.e < graph.edgeStart[v + 1] {
                stack[stack.count - 1].e += 1
                let w = Int(graph.targets[Int(top.e)])
                if state[w] == 0 {
                    enter(w)
                } else if state[w] == 1 {
                    if !reportedCycle {
                        reportedCycle = true
                        let from = stack.firstIndex { Int($0.v) == w }!
                        let loop = stack[from...].map { name(Int($0.v), graph: graph, home: t) } + [name(w, graph: graph, home: t)]
                        out.append(.warning(location(w, graph: graph),
                                            "tree '\(treeID)' is tagged abusive, but a path can circle without reaching a boundary or safety exit: \(loop.joined(separator: " > "))"))
                    }
                    continue
                }
                if state[w] == 2, longest[w] + 1 > longest[v] {
                    longest[v] = longest[w] + 1
                    via[v] = Int32(w)
                }
            } else {
                state[v] = 2
                stack.removeLast()
                if let parent = stack.last, longest[v] + 1 > longest[Int(parent.v)] {
                    longest[Int(parent.v)] = longest[v] + 1
                    via[Int(parent.v)] = Int32(v)
                }
            }
        }
        if Int(longest[start]) > options.maxSteps {
            var path = [start]
            while via[path.last!] >= 0 && path.count <= Int(longest[start]) { path.append(Int(via[path.last!])) }
            let shown = path.map { name($0, graph: graph, home: t) }.joined(separator: " > ")
            let at = path[min(options.maxSteps, path.count - 1)]
            out.append(.warning(location(at, graph: graph),
                                "tree '\(treeID)' is tagged abusive, but the path \(shown) takes \(longest[start]) steps to reach a boundary or safety exit (at most \(options.maxSteps))"))
        }
    }
}
