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
        for tree in library.trees {
            offsets.append(offsets.last! + tree.nodes.count)
            edges += tree.choiceCount
        }
        let n = offsets.last!
        var edgeStart = [Int32](repeating: 0, count: n + 1)
        var targets: [Int32] = []
        targets.reserveCapacity(edges)
        var unresolved = [Bool](repeating: false, count: n)
        // Choices come in node order, so each node's edges start where the
        // previous node's end; a node without choices starts where the next
        // one does.
        var filled = 0
        for (t, tree) in library.trees.enumerated() {
            let first = offsets[t]
            tree.forEachChoice { node, target in
                let g = first + node
                while filled <= g {
                    edgeStart[filled] = Int32(targets.count)
                    filled += 1
                }
                if let target {
                    targets.append(Int32(offsets[Int(target.tree)] + Int(target.node)))
                } else {
                    unresolved[g] = true
                }
            }
        }
        while filled <= n {
            edgeStart[filled] = Int32(targets.count)
            filled += 1
        }
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

    /// The edges of node `i`.
    public func edges(_ i: Int) -> Range<Int> { Int(edgeStart[i])..<Int(edgeStart[i + 1]) }

    /// Nodes reachable from `roots`.
    public func reachable(from roots: [Int]) -> [Bool] {
        var seen = [Bool](repeating: false, count: nodeCount)
        do {
            var mark = seen.mutableSpan
            let edgeStart = edgeStart.span, targets = targets.span
            var stack: [Int32] = []
            for r in roots where !mark[r] {
                mark[r] = true
                stack.append(Int32(r))
            }
            while let i = stack.popLast() {
                for e in Int(edgeStart[Int(i)])..<Int(edgeStart[Int(i) + 1]) {
                    let t = Int(targets[e])
                    if !mark[t] {
                        mark[t] = true
                        stack.append(Int32(t))
                    }
                }
            }
        }
        return seen
    }

    /// Nodes from which some end node can be reached (nodes with unresolved
    /// targets count as able, so one error does not cascade into more).
    public func canReachEnd() -> [Bool] {
        reaching { i in edgeStart[i] == edgeStart[i + 1] || unresolved[i] }
    }

    /// The nodes from which some node where `isSeed` holds can be reached.
    public func reaching(_ isSeed: (Int) -> Bool) -> [Bool] {
        Graph.reaching(count: nodeCount, edgeStart: edgeStart, targets: targets, isSeed)
    }

    /// The nodes of a graph in CSR form (the edges of node `i` are
    /// `targets[edgeStart[i]..<edgeStart[i + 1]]`) from which some node
    /// where `isSeed` holds can be reached: one walk back along the edges,
    /// reversed into CSR form first.
    static func reaching(count n: Int, edgeStart: [Int32], targets: [Int32], _ isSeed: (Int) -> Bool) -> [Bool] {
        let edgeStart = edgeStart.span, targets = targets.span
        // Sources of node `t` are `sources[inStart[t]..<inStart[t + 1]]`.
        var inStartArray = [Int32](repeating: 0, count: n + 1)
        var sourcesArray = [Int32](repeating: 0, count: targets.count)
        var okArray = [Bool](repeating: false, count: n)
        do {
            var inStart = inStartArray.mutableSpan
            for e in 0..<targets.count { inStart[Int(targets[e]) + 1] += 1 }
            for i in 0..<n { inStart[i + 1] += inStart[i] }
        }
        var nextArray = inStartArray
        do {
            var next = nextArray.mutableSpan
            var sources = sourcesArray.mutableSpan
            for i in 0..<n {
                for e in Int(edgeStart[i])..<Int(edgeStart[i + 1]) {
                    let t = Int(targets[e])
                    sources[Int(next[t])] = Int32(i)
                    next[t] += 1
                }
            }
        }
        do {
            let inStart = inStartArray.span, sources = sourcesArray.span
            var ok = okArray.mutableSpan
            var stack: [Int32] = []
            for i in 0..<n where isSeed(i) {
                ok[i] = true
                stack.append(Int32(i))
            }
            while let t = stack.popLast() {
                for e in Int(inStart[Int(t)])..<Int(inStart[Int(t) + 1]) {
                    let s = Int(sources[e])
                    if !ok[s] {
                        ok[s] = true
                        stack.append(Int32(s))
                    }
                }
            }
        }
        return okArray
    }
}
