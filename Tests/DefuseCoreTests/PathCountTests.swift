import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct PathCountTests {
    func check(_ adjacency: [[Int]], _ outcomes: [Int: String], cycles: Bool) {
        let g = PathGraph(adjacency: adjacency, outcomes: outcomes)
        var budget = Budget.unlimited
        let counts = g.countPaths(budget: &budget)
        let brute = bruteForce(adjacency, outcomes: outcomes)
        #expect(counts.exact)
        #expect(counts.total == BigUInt(brute.paths.count), "\(adjacency)")
        for (o, n) in brute.byOutcome {
            #expect(counts.paths(to: o) == BigUInt(n), "outcome \(o ?? "none") in \(adjacency)")
        }
        if !cycles { #expect(!counts.hasCycles) }
        // The listing gives exactly the same paths, each once.
        var listed: [[Int]] = []
        g.enumeratePaths(outcome: nil, budget: &budget) { path in
            listed.append(path.map { Int(g.global[Int($0)]) })
            return true
        }
        #expect(listed.count == brute.paths.count)
        #expect(Set(listed) == Set(brute.paths))
        // And filtered by outcome.
        for (k, o) in g.outcomes.enumerated() {
            var n = 0
            g.enumeratePaths(outcome: Int32(k), budget: &budget) { path in
                #expect(g.outcomes[Int(g.outcomeOf[Int(path.last!)])] == o)
                n += 1
                return true
            }
            #expect(n == brute.byOutcome[o] ?? 0)
        }
    }

    @Test func matchesBruteForceWithoutCycles() {
        var rng = SeededGenerator(seed: 2026)
        for _ in 0..<300 {
            let (adjacency, outcomes) = randomGraph(&rng, nodes: 2 + rng.below(14), cycles: false)
            check(adjacency, outcomes, cycles: false)
        }
    }

    @Test func matchesBruteForceWithCycles() {
        var rng = SeededGenerator(seed: 99)
        var cyclic = 0
        for _ in 0..<300 {
            let (adjacency, outcomes) = randomGraph(&rng, nodes: 2 + rng.below(11), cycles: true)
            let g = PathGraph(adjacency: adjacency, outcomes: outcomes)
            var budget = Budget.unlimited
            if g.countPaths(budget: &budget).hasCycles { cyclic += 1 }
            check(adjacency, outcomes, cycles: true)
        }
        #expect(cyclic > 100, "the generator should make mostly cyclic graphs")
    }

    @Test func cyclesNameTheirNodes() {
        // 0 -> 1 <-> 2 -> 3 (end); 3 is not in a cycle; 4 loops on itself.
        let g = PathGraph(adjacency: [[1, 4], [2], [1, 3], [], [4, 3]], outcomes: [3: "resolved"])
        var budget = Budget.unlimited
        let counts = g.countPaths(budget: &budget)
        let cycles = counts.cycles.map { $0.map { Int(g.global[Int($0)]) }.sorted() }
        #expect(Set(cycles) == Set([[1, 2], [4]]))
        #expect(counts.total == BigUInt(2))  // 0 1 2 3, and 0 4 3
    }

    @Test func budgetGivesALowerBoundInsteadOfHanging() {
        // A complete graph on 12 nodes, each also leading to an end: ~ 12! paths.
        let n = 12
        var adjacency = (0..<n).map { v in (0..<n).filter { $0 != v } + [n] }
        adjacency.append([])
        let g = PathGraph(adjacency: adjacency, outcomes: [n: "resolved"])
        var budget = Budget(maxSteps: 10_000)
        let counts = g.countPaths(budget: &budget)
        #expect(!counts.exact)
        #expect(counts.total > BigUInt(0))
        // Exact value: sum over k of (n-1)!/(n-1-k)! simple paths from 0 of k more nodes, each then ends.
        var exact = BigUInt()
        var term = BigUInt.one
        for k in 0..<n {
            exact.add(term)
            term.multiply(by: UInt64(n - 1 - k))
        }
        #expect(counts.total < exact)
        var unlimited = Budget.unlimited
        // Small enough to finish exactly: 7 nodes.
        let m = 7
        var small = (0..<m).map { v in (0..<m).filter { $0 != v } + [m] }
        small.append([])
        let sg = PathGraph(adjacency: small, outcomes: [m: "resolved"])
        var smallExact = BigUInt()
        term = BigUInt.one
        for k in 0..<m { smallExact.add(term); term.multiply(by: UInt64(m - 1 - k)) }
        #expect(sg.countPaths(budget: &unlimited).total == smallExact)
        #expect(bruteForce(small, outcomes: [m: "resolved"]).paths.count == Int(smallExact.uint64!))
    }

    @Test func manyEntriesIntoOneBigCycleStayCheap() {
        // The start leads to every node of one cycle of 30,000: 30,000 ways
        // into one component. Once the budget is spent, each further entry
        // must cost O(1), not the size of the component.
        let n = 30_000
        var adjacency: [[Int]] = [Array(1...n)]
        for i in 1...n { adjacency.append([i == n ? 1 : i + 1, n + 1]) }
        adjacency.append([])
        let g = PathGraph(adjacency: adjacency, outcomes: [n + 1: "ended"])
        let t0 = Budget.now()
        var budget = Budget(maxSteps: 200_000)
        let counts = g.countPaths(budget: &budget)
        #expect(!counts.exact)
        // Each entry at least counts the path that stops right away.
        #expect(counts.total >= BigUInt(n))
        #expect(Budget.now() - t0 < 10, "took \(Budget.now() - t0) s")
        // With room to finish: from each entry, k = 1...n nodes of the cycle, then stop.
        var all = Budget.unlimited
        let small = PathGraph(adjacency: [[1, 2, 3], [2, 4], [3, 4], [1, 4], []], outcomes: [4: "ended"])
        #expect(small.countPaths(budget: &all).total == BigUInt(9))
    }

    @Test func layeredTreeFarBeyond64Bits() {
        // start -> W nodes -> W nodes ... (L layers, each node to all of the next) -> one end.
        let width = 3, layers = 60
        var adjacency: [[Int]] = [Array(1...width)]
        for layer in 0..<layers {
            let first = 1 + layer * width
            let next = layer + 1 < layers ? Array((first + width)..<(first + 2 * width)) : [1 + layers * width]
            for _ in 0..<width { adjacency.append(next) }
        }
        adjacency.append([])
        let g = PathGraph(adjacency: adjacency, outcomes: [adjacency.count - 1: "resolved"])
        var budget = Budget.unlimited
        let counts = g.countPaths(budget: &budget)
        #expect(counts.exact && !counts.hasCycles)
        // 3^60, the closed form.
        #expect(counts.total.description == "42391158275216203514294433201")
        #expect(counts.total.bitWidth > 64)
    }

    @Test func layeredCyclesFarBeyond64Bits() {
        // Layer i has a_i <-> b_i (a cycle); both lead to a_{i+1} and b_{i+1};
        // the last layer leads to two end nodes. Inside a layer a path is
        // [a] or [a, b] (or [b], [b, a]), then it leaves for two places:
        // count(a_i) = 4 count(a_{i+1}), count(a_L) = 4, total = 2 * 4^L.
        let layers = 40
        var adjacency: [[Int]] = [[1, 2]]
        for layer in 0..<layers {
            let a = 1 + 2 * layer, b = a + 1
            let next = [a + 2, b + 2]
            adjacency.append([b] + next)
            adjacency.append([a] + next)
        }
        let e1 = adjacency.count, e2 = e1 + 1
        adjacency.append([])
        adjacency.append([])
        let g = PathGraph(adjacency: adjacency, outcomes: [e1: "resolved", e2: "ended"])
        var budget = Budget.unlimited
        let counts = g.countPaths(budget: &budget)
        #expect(counts.exact)
        #expect(counts.cycles.count == layers)
        var expected = BigUInt(2)
        for _ in 0..<layers { expected.multiply(by: 4) }
        #expect(counts.total == expected)
        #expect(counts.paths(to: "resolved") == counts.paths(to: "ended"))
        #expect(counts.total.bitWidth == 82)
    }

    @Test func bundledTreesCountExactlyAndListWhatTheyCount() throws {
        let result = Loader().load(paths: [packageRoot + "/Trees"])
        #expect(!result.hasErrors)
        let lib = result.library
        let graph = Graph(lib)
        for t in lib.trees.indices {
            let start = try #require(lib.start(of: t))
            let g = PathGraph(library: lib, graph: graph, start: start)
            var budget = Budget(seconds: 30)
            let counts = g.countPaths(budget: &budget)
            #expect(counts.exact)
            #expect(counts.total > BigUInt(0))
            // The bundled trees do have cycles (angry -> rude -> angry#repeat-back).
            #expect(counts.hasCycles)
            var listed = 0
            var repeats = 0
            var notEnds = 0
            var listBudget = Budget(seconds: 30)
            g.enumeratePaths(outcome: nil, budget: &listBudget) { path in
                listed += 1
                if Set(path).count != path.count { repeats += 1 }
                if !lib.node(graph.ref(Int(g.global[Int(path.last!)]))).isEnd { notEnds += 1 }
                return true
            }
            #expect(repeats == 0, "a path repeats no node")
            #expect(notEnds == 0, "a path ends at an end node")
            #expect(BigUInt(listed) == counts.total, "tree \(lib.trees[t].id)")
        }
    }
}
