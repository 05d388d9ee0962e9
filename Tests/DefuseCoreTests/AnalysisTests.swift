import DefuseCore
import Testing

@Suite struct BigUIntTests {
    func power(_ base: UInt64, _ exponent: Int) -> BigUInt {
        var v = BigUInt.one
        for _ in 0..<exponent { v.multiply(by: base) }
        return v
    }

    @Test func carriesAcrossLimbs() {
        var v = BigUInt(UInt64.max)
        v.add(1)
        #expect(v.limbs == [0, 1])
        #expect(v.description == "18446744073709551616")
        var w = BigUInt(UInt64.max)
        w.add(BigUInt(UInt64.max))
        #expect(w.description == "36893488147419103230")
        // A carry that ripples through several full limbs.
        var x = power(2, 192)
        x.subtract(1)  // three limbs of all ones
        #expect(x.limbs == [UInt64.max, UInt64.max, UInt64.max])
        x.add(BigUInt.one)
        #expect(x == power(2, 192))
        x.subtract(1)
        #expect(x.limbs.count == 3)
    }

    @Test func knownPowers() {
        #expect(power(2, 64).description == "18446744073709551616")
        #expect(power(2, 128).description == "340282366920938463463374607431768211456")
        #expect(power(2, 200).description == "1606938044258990275541962092341162602522202993782792835301376")
        #expect(power(3, 100).description == "515377520732011331036461129765621272702107522001")
        #expect(power(10, 40).description == "1" + String(repeating: "0", count: 40))
        #expect(BigUInt().description == "0")
        #expect(power(2, 64).bitWidth == 65)
    }

    @Test func decimalRoundTripAndOrder() {
        var rng = SeededGenerator(seed: 7)
        var previous = BigUInt()
        for length in 1...120 {
            var digits = String(rng.below(9) + 1)
            for _ in 1..<length { digits += String(rng.below(10)) }
            let v = try! #require(BigUInt(decimal: digits))
            #expect(v.description == digits)
            #expect(previous < v, "shorter numbers are smaller")
            #expect(!(v < v))
            previous = v
        }
        #expect(BigUInt(decimal: "12a") == nil)
        #expect(BigUInt(decimal: "") == nil)
        #expect(BigUInt(1234567).grouped() == "1,234,567")
    }

    @Test func multiplyThenDivideIsIdentity() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            var v = BigUInt(rng.next())
            for _ in 0..<rng.below(6) { v.multiply(by: rng.next() | 1) }
            let factor = rng.next() | 1
            var w = v * factor
            let remainder = w.divide(by: factor)
            #expect(remainder == 0)
            #expect(w == v)
            var sum = v
            sum.add(v, times: 3)
            #expect(sum == v * 4)
        }
    }
}

/// Every path from node 0 that repeats no node, by plain recursion (small graphs only).
func bruteForce(_ adjacency: [[Int]], outcomes: [Int: String]) -> (paths: [[Int]], byOutcome: [String?: Int]) {
    var paths: [[Int]] = []
    var byOutcome: [String?: Int] = [:]
    var onPath = Set<Int>()
    func go(_ path: [Int]) {
        let v = path.last!
        if adjacency[v].isEmpty {
            paths.append(path)
            byOutcome[outcomes[v], default: 0] += 1
            return
        }
        var seen = Set<Int>()
        for t in adjacency[v] where !onPath.contains(t) && seen.insert(t).inserted {
            onPath.insert(t)
            go(path + [t])
            onPath.remove(t)
        }
    }
    onPath.insert(0)
    go([0])
    return (paths, byOutcome)
}

func randomGraph(_ rng: inout SeededGenerator, nodes n: Int, cycles: Bool) -> ([[Int]], [Int: String]) {
    var adjacency = [[Int]](repeating: [], count: n)
    var outcomes: [Int: String] = [:]
    let names = ["resolved", "escalated", "ended", "safety"]
    for v in 0..<n {
        // About a quarter of the nodes end (never the start, so paths get long).
        if v > 0 && rng.below(4) == 0 {
            if rng.below(5) > 0 { outcomes[v] = names[rng.below(names.count)] }
            continue
        }
        for _ in 0..<(1 + rng.below(3)) {
            if cycles {
                adjacency[v].append(rng.below(n))  // self-loops and duplicates included
            } else if v + 1 < n {
                adjacency[v].append(v + 1 + rng.below(n - v - 1))
            }
        }
        if !cycles && v == n - 1 { outcomes[v] = "resolved" }
    }
    return (adjacency, outcomes)
}

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

@Suite struct WalkTests {
    func library() -> Library {
        let result = loadTexts([
            "a.tree": """
            # A
            ## s: Start
            x
            * one -> m
            * two -> n
            * three -> b#x
            ## m: M
            x
            * back -> s
            * on -> e
            ## n: N
            x
            * end -> f
            ## e: E
            outcome: resolved
            x
            ## f: F
            outcome: ended
            x
            """,
            "b.tree": "# B\n## x: X\nx\n* y -> y\n* a -> a#e\n## y: Y\noutcome: safety\nx\n",
        ])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return result.library
    }

    @Test func sameSeedSameWalks() throws {
        let lib = library()
        let start = try #require(lib.ref(tree: "a", node: "s"))
        let walker = Walker(library: lib)
        let one = walker.walks(from: start, count: 200, seed: 42)
        let two = walker.walks(from: start, count: 200, seed: 42)
        let other = walker.walks(from: start, count: 200, seed: 43)
        #expect(one == two)
        #expect(one != other)
        for w in one {
            #expect(w.finished)
            #expect(lib.node(w.nodes.last!).isEnd)
            #expect(w.outcome == lib.node(w.nodes.last!).outcome)
            // Each step follows the choice it names.
            for (i, c) in w.choices.enumerated() {
                #expect(lib.node(w.nodes[i]).choices[Int(c)].resolved == w.nodes[i + 1])
            }
        }
        let summary = WalkSummary(one)
        #expect(summary.outcomes.reduce(0) { $0 + $1.walks } == 200)
        #expect(Set(summary.outcomes.map(\.outcome)) == ["resolved", "ended", "safety"])
    }

    @Test func stepLimitCutsWalksOff() throws {
        let lib = library()
        let start = try #require(lib.ref(tree: "a", node: "s"))
        let walks = Walker(library: lib, maxSteps: 1).walks(from: start, count: 100, seed: 1)
        #expect(walks.allSatisfy { $0.steps <= 1 })
        #expect(walks.contains { !$0.finished })
        #expect(WalkSummary(walks).unfinished == walks.filter { !$0.finished }.count)
    }

    @Test func generatorIsUniformEnough() {
        var rng = SeededGenerator(seed: 5)
        var buckets = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { buckets[rng.below(7)] += 1 }
        for b in buckets { #expect(b > 9_500 && b < 10_500, "\(buckets)") }
        var again = SeededGenerator(seed: 5)
        var first = SeededGenerator(seed: 5)
        #expect((0..<10).map { _ in again.next() } == (0..<10).map { _ in first.next() })
    }
}

@Suite struct CoverageTests {
    @Test func scriptedSession() throws {
        let result = loadTexts([
            "t.tree": """
            # T
            ## s: Start
            x
            * left -> a
            * right -> b
            ## a: A
            x
            * on -> e
            * over -> u#z
            ## b: B
            x
            * on -> f
            ## e: E
            outcome: resolved
            x
            ## f: F
            outcome: ended
            x
            """,
            "u.tree": "# U\n## z: Z\noutcome: safety\nx\n",
        ])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        var session = Session(library: result.library)
        let t = try #require(result.library.treeIndex["t"])
        try session.open("t")
        try session.choose(1)  // s -> a
        var data = CoverageData(visitedNodes: session.visitedNodes, takenChoices: session.takenChoices)
        var cov = data.coverage(of: t, in: result.library)
        #expect((cov.nodesVisited, cov.nodes) == (2, 5))
        #expect((cov.choicesTaken, cov.choices) == (1, 5))
        #expect(cov.outcomes == ["resolved", "ended"])
        #expect(cov.outcomesReached.isEmpty)
        #expect(TreeCoverage.ratio(cov.nodesVisited, cov.nodes) == "2/5 (40%)")
        // Nearest untried: both choices of a (here), then s is not reachable; none further.
        let near = data.nearestUntried(from: session.current!, in: result.library)
        #expect(near.map(\.distance) == [0, 0])
        #expect(near.map(\.choice.index) == [0, 1])
        try session.choose(1)  // a -> e
        _ = try session.back()
        _ = try session.back()
        try session.choose(2)  // s -> b
        data = CoverageData(visitedNodes: session.visitedNodes, takenChoices: session.takenChoices)
        cov = data.coverage(of: t, in: result.library)
        // Going back keeps what was seen: coverage counts the session, not the path.
        #expect((cov.nodesVisited, cov.choicesTaken) == (4, 3))
        #expect(cov.outcomesReached == ["resolved"])
        #expect(cov.untried == 2)
        // Untried at visited nodes: a's "over" and b's "on".
        #expect(cov.untriedAtVisited.map { result.library.node($0.node).choices[Int($0.index)].label } == ["over", "on"])
        let fromStart = data.nearestUntried(from: result.library.ref(tree: "t", node: "s")!, in: result.library)
        #expect(fromStart.map(\.distance) == [1, 1])
        #expect(TreeCoverage.ratio(3, 3) == "3/3 (100%)")
        #expect(TreeCoverage.ratio(2, 3) == "2/3 (66%)")
    }
}

@Suite struct LintTests {
    @Test func boundaryReach() {
        let result = Loader().load(paths: [fixtures + "/analysis/lint"])
        let found = Lint(library: result.library, options: LintOptions(maxSteps: 3, maxPhraseWords: 8)).run()
        let text = render(found, relativeTo: fixtures + "/analysis")
        expectGolden(text, fixtures + "/analysis/lint.expected")
        #expect(!result.hasErrors, "\(result.diagnostics)")
    }

    @Test func eachAbusiveTreeIsCheckedOnItsOwn() {
        // Two abusive trees share nodes of a third; each gets its own findings.
        let result = loadTexts([
            "one.tree": "# One\ntags: abusive\n## s: S\nsource: x\nGo.\n* in -> x#a\n",
            "two.tree": "# Two\ntags: abusive\n## s: S\nsource: x\nGo.\n* in -> x#b\n",
            "x.tree": """
            # X
            ## a: A
            source: x
            Go.
            * on -> b
            ## b: B
            source: x
            Go.
            * wall -> wall
            * fine -> calm
            ## wall: Wall
            source: x
            tags: boundary
            Stop.
            * done -> calm
            ## calm: Calm
            source: x
            outcome: resolved
            Done.
            """,
        ])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let found = Lint(library: result.library, options: LintOptions(maxSteps: 2)).run().map(\.message)
        #expect(found.filter { $0.contains("a path ends at 'x#calm'") }.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("tree 'one' is tagged abusive, but the path s > x#a > x#b > x#wall takes 3 steps") })
        #expect(!found.contains { $0.hasPrefix("tree 'two' is tagged abusive, but the path") })
    }

    @Test func bundledTreesPassStrict() {
        let result = Loader().load(paths: [packageRoot + "/Trees"])
        let found = Lint(library: result.library).run()
        #expect(found.isEmpty, "\(render(found, relativeTo: packageRoot))")
    }

    @Test func wordCount() {
        #expect(Lint.wordCount("") == 0)
        #expect(Lint.wordCount("  one\ttwo  three ") == 3)
        #expect(Lint.wordCount("Ça va, très bien.") == 4)
    }
}
