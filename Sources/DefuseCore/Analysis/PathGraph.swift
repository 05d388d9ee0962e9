// Paths through a tree.
//
// A path starts at a tree's start node (or any node given as the start) and
// follows choices until it reaches an end node (a node with no choices).
// Choices may lead into other trees; the path then continues there, so a
// path is a sequence of nodes of the whole library. A path never repeats a
// node, and it is a sequence of nodes: two choices of one node that lead to
// the same target make one path, not two.
//
// Without cycles every walk repeats no node, and the count is a sum over a
// topological order: linear in nodes plus choices. With cycles, counting
// paths that repeat no node is #P-hard in general. The count then works per
// strongly connected component: a path enters a component once, wanders
// through it without repeating a node, and leaves it for good, so only the
// walks inside each component are enumerated (depth first, with an explicit
// stack) and everything between components is still summed. The
// enumeration runs under a `Budget`; when the budget runs out the result is
// a lower bound and says so (`exact == false`), instead of hanging.

/// The part of a graph reachable from one start node, with duplicate
/// choices merged and self-loops set aside. Local node 0 is the start.
public struct PathGraph: Sendable {
    /// Local node index to global index (in `Graph`, or in the adjacency given).
    public var global: [Int32]
    /// Distinct successors of local node `i`: `targets[edgeStart[i]..<edgeStart[i + 1]]`, in choice order.
    public var edgeStart: [Int32]
    public var targets: [Int32]
    /// For end nodes, an index into `outcomes`; -1 for other nodes.
    public var outcomeOf: [Int32]
    /// The distinct outcomes of reachable end nodes (nil: an end node without one).
    public var outcomes: [String?]
    /// Nodes with a choice that leads back to themselves.
    public var selfLoop: [Bool]

    public var count: Int { global.count }

    public func successors(_ i: Int) -> ArraySlice<Int32> {
        targets[Int(edgeStart[i])..<Int(edgeStart[i + 1])]
    }

    public func isEnd(_ i: Int) -> Bool { outcomeOf[i] >= 0 }

    /// From adjacency lists: node `i` leads to `adjacency[i]`; a node with no
    /// successors is an end node with outcome `outcome(i)`. Nodes listed in
    /// `dead` have choices that lead nowhere (so they are not end nodes).
    public init(start: Int, nodeCount: Int, adjacency: (Int) -> [Int], isDead: (Int) -> Bool = { _ in false },
                outcome: (Int) -> String?) {
        var local = [Int32](repeating: -1, count: nodeCount)
        local[start] = 0
        var global: [Int32] = [Int32(start)]
        var edgeStart: [Int32] = [0]
        var targets: [Int32] = []
        var outcomeOf: [Int32] = []
        var outcomes: [String?] = []
        var outcomeIndex: [String: Int32] = [:]
        var noneIndex: Int32 = -1
        var selfLoop: [Bool] = []
        // stamp[t] == i: node i already leads to t (merges duplicate choices).
        var stamp = [Int32](repeating: -1, count: nodeCount)
        var i = 0
        // Breadth first: local indices are assigned in the order found.
        while i < global.count {
            let g = Int(global[i])
            let next = adjacency(g)
            var loop = false
            for t in next {
                if t == g { loop = true; continue }
                let l: Int32
                if local[t] >= 0 {
                    l = local[t]
                } else {
                    l = Int32(global.count)
                    local[t] = l
                    global.append(Int32(t))
                }
                if stamp[t] != Int32(i) {
                    stamp[t] = Int32(i)
                    targets.append(l)
                }
            }
            edgeStart.append(Int32(targets.count))
            selfLoop.append(loop)
            if next.isEmpty && !isDead(g) {
                let name = outcome(g)
                if let name {
                    if let k = outcomeIndex[name] {
                        outcomeOf.append(k)
                    } else {
                        let k = Int32(outcomes.count)
                        outcomes.append(name)
                        outcomeIndex[name] = k
                        outcomeOf.append(k)
                    }
                } else {
                    if noneIndex < 0 {
                        noneIndex = Int32(outcomes.count)
                        outcomes.append(nil)
                    }
                    outcomeOf.append(noneIndex)
                }
            } else {
                outcomeOf.append(-1)
            }
            i += 1
        }
        self.global = global
        self.edgeStart = edgeStart
        self.targets = targets
        self.outcomeOf = outcomeOf
        self.outcomes = outcomes
        self.selfLoop = selfLoop
        sortOutcomes()
    }

    /// Small graphs for tests: `adjacency[i]` lists where node `i` leads.
    public init(adjacency: [[Int]], start: Int = 0, outcomes: [Int: String] = [:]) {
        self.init(start: start, nodeCount: adjacency.count, adjacency: { adjacency[$0] }, outcome: { outcomes[$0] })
    }

    /// The part of `library` reachable from `start`, following choices across trees.
    public init(library: Library, graph: Graph, start: NodeRef) {
        self.init(
            start: graph.global(start),
            nodeCount: graph.nodeCount,
            adjacency: { g in
                Array(graph.targets[Int(graph.edgeStart[g])..<Int(graph.edgeStart[g + 1])].map { Int($0) })
            },
            isDead: { graph.unresolved[$0] },
            outcome: { library.node(graph.ref($0)).outcome })
    }

    /// Outcomes in a fixed order: resolved, escalated, ended, safety, the
    /// rest by name, and "no outcome" last.
    private mutating func sortOutcomes() {
        let known = ["resolved", "escalated", "ended", "safety"]
        func key(_ o: String?) -> (Int, String) {
            guard let o else { return (2, "") }
            if let k = known.firstIndex(of: o) { return (0, String(k)) }
            return (1, o)
        }
        let order = outcomes.indices.sorted { key(outcomes[$0]) < key(outcomes[$1]) }
        var remap = [Int32](repeating: 0, count: outcomes.count)
        for (newIndex, old) in order.enumerated() { remap[old] = Int32(newIndex) }
        outcomes = order.map { outcomes[$0] }
        for i in outcomeOf.indices where outcomeOf[i] >= 0 { outcomeOf[i] = remap[Int(outcomeOf[i])] }
    }

    /// Strongly connected components, sinks first (reverse topological
    /// order), by Tarjan's algorithm with an explicit stack.
    public func components() -> [[Int32]] {
        let n = count
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int32] = []
        var call: [(v: Int32, e: Int32)] = []
        var counter: Int32 = 0
        var out: [[Int32]] = []
        for root in 0..<n where index[root] < 0 {
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            call.append((Int32(root), edgeStart[root]))
            while let top = call.last {
                let v = Int(top.v)
                if top.e < edgeStart[v + 1] {
                    call[call.count - 1].e += 1
                    let w = Int(targets[Int(top.e)])
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(Int32(w)); onStack[w] = true
                        call.append((Int32(w), edgeStart[w]))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    call.removeLast()
                    if let parent = call.last { low[Int(parent.v)] = min(low[Int(parent.v)], low[v]) }
                    if low[v] == index[v] {
                        var component: [Int32] = []
                        while true {
                            let w = stack.removeLast()
                            onStack[Int(w)] = false
                            component.append(w)
                            if Int(w) == v { break }
                        }
                        out.append(component)
                    }
                }
            }
        }
        return out
    }
}

extension PathGraph {
    /// Counts the paths from the start (local node 0) to every end node.
    public func countPaths(budget: inout Budget) -> PathCounts {
        let n = count
        let k = outcomes.count
        let comps = components()
        var compOf = [Int32](repeating: 0, count: n)
        var pos = [Int32](repeating: 0, count: n)
        for (c, comp) in comps.enumerated() {
            for (i, v) in comp.enumerated() {
                compOf[Int(v)] = Int32(c)
                pos[Int(v)] = Int32(i)
            }
        }
        // Distinct predecessors from other components: a node's counts are
        // freed once all of them are done, so memory stays near the frontier.
        var remaining = [Int32](repeating: 0, count: n)
        var enteredFromOutside = [Bool](repeating: false, count: n)
        enteredFromOutside[0] = true
        for u in 0..<n {
            for t in successors(u) where compOf[Int(t)] != compOf[u] {
                remaining[Int(t)] += 1
                enteredFromOutside[Int(t)] = true
            }
        }
        var counts = [[BigUInt]](repeating: [], count: n)
        var cycles: [[Int32]] = []
        var exact = true
        var onPath = [Bool](repeating: false, count: n)
        var hits: [UInt64] = []
        let zeros = [BigUInt](repeating: BigUInt(), count: k)

        func release(_ members: [Int32]) {
            for x in members {
                for t in successors(Int(x)) where compOf[Int(t)] != compOf[Int(x)] {
                    remaining[Int(t)] -= 1
                    if remaining[Int(t)] == 0 && t != 0 { counts[Int(t)] = [] }
                }
            }
        }

        for (c, comp) in comps.enumerated() {
            if comp.count == 1 {
                let v = Int(comp[0])
                if selfLoop[v] { cycles.append(comp) }
                var vec = zeros
                if outcomeOf[v] >= 0 {
                    vec[Int(outcomeOf[v])] = BigUInt.one
                } else {
                    for t in successors(v) {
                        let tv = counts[Int(t)]
                        for j in 0..<k where !tv[j].isZero { vec[j].add(tv[j]) }
                    }
                }
                counts[v] = vec
                release(comp)
                continue
            }
            cycles.append(comp.sorted())
            // What leaving the component from each member is worth.
            var exits = [[BigUInt]](repeating: zeros, count: comp.count)
            for (i, x) in comp.enumerated() {
                for t in successors(Int(x)) where compOf[Int(t)] != Int32(c) {
                    let tv = counts[Int(t)]
                    for j in 0..<k where !tv[j].isZero { exits[i][j].add(tv[j]) }
                }
            }
            hits = [UInt64](repeating: 0, count: comp.count)
            // Positions with hits, so each entry costs what its walks cost,
            // not the size of the component (a big one may have many entries).
            var touched: [Int32] = []
            for e in comp where enteredFromOutside[Int(e)] {
                for i in touched { hits[Int(i)] = 0 }
                touched.removeAll(keepingCapacity: true)
                // Every walk inside the component from `e` that repeats no node.
                onPath[Int(e)] = true
                hits[Int(pos[Int(e)])] = 1
                touched.append(pos[Int(e)])
                var stack: [(v: Int32, e: Int32)] = [(e, edgeStart[Int(e)])]
                while let top = stack.last {
                    let v = Int(top.v)
                    guard budget.spend() else { exact = false; break }
                    if top.e < edgeStart[v + 1] {
                        stack[stack.count - 1].e += 1
                        let w = Int(targets[Int(top.e)])
                        if compOf[w] == Int32(c) && !onPath[w] {
                            onPath[w] = true
                            if hits[Int(pos[w])] == 0 { touched.append(pos[w]) }
                            hits[Int(pos[w])] &+= 1
                            stack.append((Int32(w), edgeStart[w]))
                        }
                    } else {
                        onPath[v] = false
                        stack.removeLast()
                    }
                }
                for s in stack { onPath[Int(s.v)] = false }
                var vec = zeros
                for i in touched {
                    for j in 0..<k { vec[j].add(exits[Int(i)][j], times: hits[Int(i)]) }
                }
                counts[Int(e)] = vec
            }
            release(comp)
        }
        let start = counts[0].isEmpty ? zeros : counts[0]
        return PathCounts(byOutcome: outcomes.indices.map { (outcomes[$0], start[$0]) },
                          exact: exact, cycles: cycles.sorted { $0[0] < $1[0] }, steps: budget.steps)
    }

    /// Nodes from which an end node with outcome `filter` (any outcome when
    /// nil) can be reached, ignoring the no-repeat rule.
    public func canReach(outcome filter: Int32?) -> [Bool] {
        Graph.reaching(count: count, edgeStart: edgeStart, targets: targets) { i in
            outcomeOf[i] >= 0 && (filter == nil || outcomeOf[i] == filter!)
        }
    }

    /// Lists paths depth first, in choice order, each as local node indices
    /// from the start to an end node (with outcome `filter` when given).
    /// `emit` returns false to stop. Returns false if the budget ran out.
    @discardableResult
    public func enumeratePaths(outcome filter: Int32?, budget: inout Budget,
                               emit: ([Int32]) -> Bool) -> Bool {
        let useful = canReach(outcome: filter)
        guard useful[0] else { return true }
        var onPath = [Bool](repeating: false, count: count)
        var path: [Int32] = [0]
        var next: [Int32] = [edgeStart[0]]
        onPath[0] = true
        if isEnd(0) { return emit(path) || true }
        while let v = path.last {
            guard budget.spend() else { return false }
            let e = next[next.count - 1]
            if e < edgeStart[Int(v) + 1] {
                next[next.count - 1] += 1
                let w = Int(targets[Int(e)])
                guard useful[w] && !onPath[w] else { continue }
                if isEnd(w) {
                    path.append(Int32(w))
                    let more = emit(path)
                    path.removeLast()
                    if !more { return true }
                    continue
                }
                onPath[w] = true
                path.append(Int32(w))
                next.append(edgeStart[w])
            } else {
                onPath[Int(v)] = false
                path.removeLast()
                next.removeLast()
            }
        }
        return true
    }
}
