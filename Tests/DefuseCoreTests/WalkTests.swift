import DefuseCore
import DefuseTestSupport
import Testing

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
