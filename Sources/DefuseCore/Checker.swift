/// The whole library as one graph in compressed-sparse-row form: every node
/// of every source tree gets a global index, and edges follow choices across
/// trees. All walks over it are iterative and linear.
public struct Graph: Sendable {
    /// Global index of each tree's first node.
    public var offsets: [Int]
    /// Edges of node `i` are `targets[edgeStart[i]..<edgeStart[i + 1]]`.
    public var edgeStart: [Int32]
    public var targets: [Int32]
    /// Nodes with a target that names nothing (already an error).
    public var unresolved: [Bool]
    public var nodeCount: Int { offsets.last ?? 0 }

    public init(_ library: Library) {
        var offsets: [Int] = [0]
        offsets.reserveCapacity(library.trees.count + 1)
        var edges = 0
        for t in library.trees.indices {
            let count = library.trees[t].nodes.count
            offsets.append(offsets.last! + count)
            edges += library.trees[t].choiceCount
        }
        let n = offsets.last!
        var edgeStart = [Int32](repeating: 0, count: n + 1)
        var targets = [Int32](repeating: 0, count: edges)
        var unresolved = [Bool](repeating: false, count: n)
        var e = 0
        edgeStart.withUnsafeMutableBufferPointer { edgeStart in
            targets.withUnsafeMutableBufferPointer { targets in
                unresolved.withUnsafeMutableBufferPointer { unresolved in
                    var g = 0
                    for t in library.trees.indices {
                        let store = library.trees[t].store
                        library.trees[t].resolvedRefs.withUnsafeBufferPointer { refs in
                            let choiceStart = store.choiceStart.buffer
                            for n in 0..<store.nodes.count {
                                edgeStart[g] = Int32(e)
                                for c in Int(choiceStart[n])..<Int(choiceStart[n + 1]) {
                                    let r = c < refs.count ? refs[c] : .none
                                    if r.tree >= 0 {
                                        targets[e] = Int32(offsets[Int(r.tree)] + Int(r.node))
                                        e += 1
                                    } else {
                                        unresolved[g] = true
                                    }
                                }
                                g += 1
                            }
                        }
                    }
                    edgeStart[n] = Int32(e)
                }
            }
        }
        targets.removeLast(edges - e)
        self.offsets = offsets
        self.edgeStart = edgeStart
        self.targets = targets
        self.unresolved = unresolved
    }

    public func global(_ ref: NodeRef) -> Int { offsets[Int(ref.tree)] + Int(ref.node) }

    public func ref(_ global: Int) -> NodeRef {
        // Binary search for the tree holding `global`.
        var lo = 0
        var hi = offsets.count - 1
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] <= global { lo = mid } else { hi = mid }
        }
        return NodeRef(tree: lo, node: global - offsets[lo])
    }

    public func isEnd(_ i: Int) -> Bool { edgeStart[i] == edgeStart[i + 1] && !unresolved[i] }

    /// Nodes reachable from `roots`.
    public func reachable(from roots: [Int]) -> [Bool] {
        var seen = [Bool](repeating: false, count: nodeCount)
        edgeStart.withUnsafeBufferPointer { edgeStart in
            targets.withUnsafeBufferPointer { targets in
                seen.withUnsafeMutableBufferPointer { seen in
                    var stack: [Int32] = []
                    for r in roots where !seen[r] {
                        seen[r] = true
                        stack.append(Int32(r))
                    }
                    while let i = stack.popLast() {
                        for e in Int(edgeStart[Int(i)])..<Int(edgeStart[Int(i) + 1]) {
                            let t = Int(targets[e])
                            if !seen[t] {
                                seen[t] = true
                                stack.append(Int32(t))
                            }
                        }
                    }
                }
            }
        }
        return seen
    }

    /// Nodes from which some end node can be reached (nodes with unresolved
    /// targets count as able, so one error does not cascade into more).
    public func canReachEnd() -> [Bool] {
        nodesReaching(count: nodeCount, edgeStart: edgeStart, targets: targets) { i in
            edgeStart[i] == edgeStart[i + 1] || unresolved[i]
        }
    }
}

/// The nodes from which some node where `isSeed` holds can be reached: one
/// iterative, linear walk over the reversed edges of a graph given in CSR
/// form (the edges of node `i` are `targets[edgeStart[i]..<edgeStart[i + 1]]`).
func nodesReaching(count n: Int, edgeStart: [Int32], targets: [Int32], isSeed: (Int) -> Bool) -> [Bool] {
    var ok = [Bool](repeating: false, count: n)
    edgeStart.withUnsafeBufferPointer { edgeStart in
        targets.withUnsafeBufferPointer { targets in
            ok.withUnsafeMutableBufferPointer { ok in
                // The reversed edges, in CSR form: sources of node `t` are
                // `sources[inStart[t]..<inStart[t + 1]]`.
                var inStart = [Int32](repeating: 0, count: n + 1)
                var sources = [Int32](repeating: 0, count: targets.count)
                inStart.withUnsafeMutableBufferPointer { inStart in
                    sources.withUnsafeMutableBufferPointer { sources in
                        for t in targets { inStart[Int(t) + 1] += 1 }
                        for i in 0..<n { inStart[i + 1] += inStart[i] }
                        // Filled from the back, so each count ends as its start.
                        for i in stride(from: n - 1, through: 0, by: -1) {
                            for e in Int(edgeStart[i])..<Int(edgeStart[i + 1]) {
                                let t = Int(targets[e])
                                inStart[t + 1] -= 1
                                sources[Int(inStart[t + 1])] = Int32(i)
                            }
                        }
                        // inStart[t + 1] is now where t's sources start; shift back.
                        var stack: [Int32] = []
                        for i in 0..<n where isSeed(i) {
                            ok[i] = true
                            stack.append(Int32(i))
                        }
                        while let i = stack.popLast() {
                            let t = Int(i)
                            let from = Int(inStart[t + 1])
                            let to = t + 2 <= n ? Int(inStart[t + 2]) : targets.count
                            for e in from..<to {
                                let s = Int(sources[e])
                                if !ok[s] {
                                    ok[s] = true
                                    stack.append(Int32(s))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return ok
}

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
        let graph = Graph(library)
        // The node checks need no graph: they run beside its walks.
        var nodeFindings: [Diagnostic] = []
        checkGraph(graph, into: &out) {
            for tree in library.trees {
                checkNodes(tree, into: &nodeFindings)
            }
        }
        out += nodeFindings
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

    /// Reachability and trap cycles; `meanwhile` runs on this thread while
    /// the other walks a big graph.
    func checkGraph(_ graph: Graph, into out: inout [Diagnostic], meanwhile: () -> Void = {}) {
        let starts = library.trees.indices.compactMap { t in
            library.trees[t].startIndex.map { graph.offsets[t] + Int($0) }
        }
        // Two independent walks over a big graph (by its edges): one on each core.
        let (live, reachable) = Parallel.both(together: graph.targets.count >= Parallel.threshold,
                                              { graph.canReachEnd() }, {
                                                  meanwhile()
                                                  return graph.reachable(from: starts)
                                              })
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
                var next = -1
                for e in Int(graph.edgeStart[i])..<Int(graph.edgeStart[i + 1]) {
                    let t = Int(graph.targets[e])
                    if !live[t] { next = t; break }
                }
                if next < 0 { break }  // cannot happen: a trap node only leads to traps
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
        func name(_ r: NodeRef) -> String {
            let id = library.node(r).id
            return r.tree == home.tree ? id : "\(library.trees[Int(r.tree)].id)#\(id)"
        }
        var shown = ordered.prefix(8).map(name)
        if ordered.count > 8 { shown.append("… (\(ordered.count) nodes)") }
        shown.append(name(home))
        let node = library.node(home)
        out.append(.error(location(tree, node.position),
                          "trap cycle: no end node can be reached from '\(node.id)' (\(shown.joined(separator: " -> "))); give one of these nodes a choice that leads toward an end"))
    }

    func checkNodes(_ tree: Tree, into out: inout [Diagnostic]) {
        // Nodes are looked at on their records; only one with a finding is read in full.
        let hasSources = library.sources != nil
        let store = tree.store
        for n in store.nodes.indices {
            let end = store.choiceStart[n] == store.choiceStart[n + 1]
            let empty = store.guidanceStart[n] == store.guidanceStart[n + 1]
                && store.phraseStart[n] == store.phraseStart[n + 1]
            var outcome = false
            var source = false
            for m in Int(store.metaStart[n])..<Int(store.metaStart[n + 1]) {
                let kind = store.metas[m].kind
                if kind == .outcome { outcome = true }
                if kind == .source { source = true }
            }
            if end != outcome || empty || (source && hasSources) {
                checkNode(tree.nodes[n], tree: tree, into: &out)
            }
        }
    }

    func checkNode(_ node: Node, tree: Tree, into out: inout [Diagnostic]) {
        do {
            if node.isEnd {
                if node.outcome == nil {
                    out.append(.warning(location(tree, node.position),
                                        "end node '\(node.id)' has no outcome (add 'outcome: resolved', 'escalated', 'ended' or 'safety')"))
                }
            } else if let m = node.metadata.first(where: { $0.key == "outcome" }) {
                out.append(.warning(location(tree, m.position),
                                    "node '\(node.id)' has choices, so its outcome is never reached; outcomes belong on end nodes"))
            }
            if node.guidance.isEmpty && node.phrases.isEmpty {
                out.append(.warning(location(tree, node.position),
                                    "node '\(node.id)' has neither guidance nor phrases"))
            }
            if let sources = library.sources, let m = node.metadata.first(where: { $0.key == "source" }) {
                checkSources(m, tree: tree, list: sources, into: &out)
            }
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
                let pos = node.metadata.first(where: { $0.key == "outcome" })?.position ?? node.position
                out.append(.error(location(t, pos),
                                  "node '\(node.id)' has outcome '\(node.outcome ?? "none")'; in \(name) it is '\(s.outcome ?? "none")'"))
            }
        }
    }
}
