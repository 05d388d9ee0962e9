import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct GraphTests {
    /// A chain of `n` nodes: a deep graph must not overflow any stack.
    func chain(_ n: Int, closed: Bool) -> String {
        var s = "# Chain\nid: chain\n"
        for i in 0..<n {
            s += "## n\(i): N\nx\n"
            if i + 1 < n { s += "* next -> n\(i + 1)\n" }
            else if closed { s += "* loop -> n0\n" } else { s += "outcome: resolved\n" }
        }
        return s
    }

    @Test func longChainLoadsClean() {
        let result = loadTexts(["chain.tree": chain(200_000, closed: false)])
        #expect(!result.hasErrors)
        #expect(result.library.nodeCount == 200_000)
    }

    @Test func longTrapCycleIsOneError() {
        let result = loadTexts(["chain.tree": chain(100_000, closed: true)])
        let traps = result.diagnostics.filter { $0.message.hasPrefix("trap cycle") }
        #expect(traps.count == 1)
        #expect(traps.first?.message.contains("(100000 nodes)") == true)
    }

    @Test func reachabilityAcrossTrees() {
        let result = loadTexts([
            "a.tree": "# A\n## s: S\nx\n* over -> b#inner\n* end -> e\n## e: E\noutcome: resolved\nx\n",
            "b.tree": "# B\n## s: S\nx\n* end -> e\n## e: E\noutcome: resolved\nx\n## inner: Only from a\nx\n* back -> a\n",
        ])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }

    @Test func manyChoicesOnOneNode() {
        var s = "# Wide\n## hub: Hub\nx\n"
        for i in 0..<100_000 { s += "* option \(i) -> leaf\n" }
        s += "## leaf: Leaf\noutcome: resolved\nx\n"
        let result = loadTexts(["wide.tree": s])
        #expect(!result.hasErrors)
        #expect(result.library.tree("wide")?.nodes[0].choices.count == 100_000)
    }
}
