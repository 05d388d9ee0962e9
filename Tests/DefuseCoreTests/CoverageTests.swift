import DefuseCore
import DefuseTestSupport
import Testing

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
