import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PathsCommandTests {
    @Test func countIsExactAcrossTreesBeyond64Bits() {
        // 3^30 paths in `top`, each continuing into `bottom` for 3^30 more: 3^60.
        let dir = Fixture.dir([
            "top.tree": Fixture.layered(id: "top", width: 3, layers: 30, last: "bottom"),
            "bottom.tree": Fixture.layered(id: "bottom", width: 3, layers: 30, last: nil),
        ])
        let r = Fixture.run(["paths", "top", "--trees", dir, "--count"])
        #expect(r.status == 0, "\(r.err)")
        // Each bottom layer-0 node is reached 3 ways; "start" of bottom is the target, with 3 choices.
        // top: 3^30 walks to its last layer, each last node leads (3 choices, one target) to bottom#start: 1 path each.
        // So paths = 3^30 (top) * 1 * 3^30 (bottom) = 3^60.
        #expect(r.out == "42391158275216203514294433201\n")
        let json = try? Fixture.json(Fixture.run(["paths", "top", "--trees", dir, "--json", "--limit", "2"]).out)
        #expect(json?["total"]?.stringValue == "42391158275216203514294433201")
        #expect(json?["exact"]?.boolValue == true)
        #expect(json?["cycles"]?.arrayValue?.isEmpty == true)
        let paths = json?["paths"]?.arrayValue ?? []
        #expect(paths.count == 2)
        let first = paths.first?["nodes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(first.first == "top#start" && first.last == "bottom#end")
        #expect(first.contains("bottom#start"))
        #expect(first.count == 1 + 30 + 1 + 30 + 1)
    }

    @Test func hugeTreeAnswers() throws {
        // 100,000 nodes in heap order: node i leads to 2i+1 and 2i+2; the
        // 50,000 nodes without children end, so there are 50,000 paths.
        var text = "# Binary\nid: bin\n"
        let n = 100_000
        for i in 0..<n {
            text += "## n\(i): N\nsource: x\n"
            if 2 * i + 1 < n { text += "* l -> n\(2 * i + 1)\n" }
            if 2 * i + 2 < n { text += "* r -> n\(2 * i + 2)\n" }
            if 2 * i + 1 >= n { text += "outcome: resolved\n" }
            text += "Go.\n"
        }
        let dir = Fixture.dir(["bin.tree": text])
        let t0 = Budget.now()
        let r = Fixture.run(["paths", "bin", "--trees", dir, "--json", "--limit", "3"])
        let seconds = Budget.now() - t0
        #expect(r.status == 0, "\(r.err)")
        let json = try Fixture.json(r.out)
        #expect(json["total"]?.stringValue == "50000")
        #expect(json["paths"]?.arrayValue?.count == 3)
        #expect(json["paths"]?.arrayValue?.first?["nodes"]?.arrayValue?.count == 17)  // depth of a heap of 100,000
        // Generous even for a debug build on a busy machine; a release build takes well under a second.
        // Sanitized builds (`make check-sanitizers` sets DEFUSE_SANITIZER) run several times slower.
        let budget: Double = getenv("DEFUSE_SANITIZER") == nil ? 20 : 120
        #expect(seconds < budget, "took \(seconds) s")
    }

    @Test func layeredCountBeyond64BitsMatchesClosedForm() {
        // 5,000 layers of two, each node leading to both of the next: 2^5000 paths.
        let layers = 5_000
        let dir = Fixture.dir(["big.tree": Fixture.layered(id: "big", width: 2, layers: layers, last: nil)])
        let r = Fixture.run(["paths", "big", "--trees", dir, "--count"])
        #expect(r.status == 0, "\(r.err)")
        let digits = r.out.dropLast()
        // Checked independently: the number of digits and the leading digits from
        // logarithms, the last 18 digits by modular doubling.
        let exponent = Double(layers) * log10(2.0)
        #expect(digits.count == Int(exponent) + 1)
        let lead = Int(pow(10.0, exponent - exponent.rounded(.down)) * 1000)
        #expect(digits.hasPrefix(String(lead)))
        var tail: UInt64 = 1
        for _ in 0..<layers { tail = (tail * 2) % 1_000_000_000_000_000_000 }
        let expectedTail = String(tail)
        #expect(digits.hasSuffix(String(repeating: "0", count: 18 - expectedTail.count) + expectedTail))
    }

    @Test func textListingCyclesAndFilters() {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let r = Fixture.run(["paths", "small", "--trees", dir])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        // Node sequences from s that repeat no node: s a good, s a b bad, s b bad, s b a good.
        #expect(lines.first == "small: 4 paths from s to an end node")
        #expect(lines.contains("  resolved  2"))
        #expect(lines.contains("  ended     2"))
        #expect(r.out.contains("This tree has cycles"))
        #expect(lines.contains("  s, a, b"))
        #expect(lines.contains("  s > a > good  (resolved)"))
        #expect(lines.contains("  s > b > a > good  (resolved)"))
        let filtered = Fixture.run(["paths", "small", "--trees", dir, "--to", "ended", "--limit", "1"])
        #expect(filtered.out.hasPrefix("small: 2 paths from s to outcome 'ended'"))
        #expect(filtered.out.contains("  s > a > b > bad  (ended)"))
        #expect(filtered.out.contains("… and 1 more"))
        #expect(Fixture.run(["paths", "small", "--trees", dir, "--to", "ended", "--count"]).out == "2\n")
        #expect(Fixture.run(["paths", "small#b", "--trees", dir, "--count"]).out == "2\n")
    }

    @Test func unknownTreeAndOutcomeNameTheCandidates() throws {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let tree = Fixture.run(["paths", "smal", "--trees", dir])
        #expect(tree.status == 2)
        #expect(tree.err.contains("no tree 'smal'; did you mean 'small'? (trees: small)"))
        let outcome = Fixture.run(["paths", "small", "--trees", dir, "--to", "resolvd", "--json"])
        #expect(outcome.status == 2)
        #expect(outcome.err.contains("did you mean 'resolved'?"))
        let json = try Fixture.json(outcome.out)
        #expect(json["candidates"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["ended", "resolved"])
        let node = Fixture.run(["paths", "small#goood", "--trees", dir])
        #expect(node.err.contains("did you mean 'small#good'?"))
        #expect(Fixture.run(["paths", "--trees", dir]).status == 2)
    }

    @Test func budgetStopsCountingInsteadOfHanging() {
        // Every node leads to every other and to an end: about 12! · e paths.
        var text = "# Mesh\nid: mesh\n"
        for i in 0..<12 {
            text += "## n\(i): N\nsource: x\nGo.\n"
            for j in 0..<12 where j != i { text += "* to \(j) -> n\(j)\n" }
            text += "* stop -> end\n"
        }
        text += "## end: End\nsource: x\noutcome: ended\nDone.\n"
        let dir = Fixture.dir(["mesh.tree": text])
        let t0 = Budget.now()
        let counted = Fixture.run(["paths", "mesh", "--trees", dir, "--count", "--budget", "0.2"])
        #expect(counted.status == 1)
        #expect(counted.out.isEmpty)
        #expect(counted.err.contains("at least"))
        let listed = Fixture.run(["paths", "mesh", "--trees", dir, "--budget", "0.2", "--limit", "5"])
        #expect(listed.status == 0)
        #expect(listed.out.contains("at least"))
        #expect(listed.out.contains("lower bounds"))
        #expect(Budget.now() - t0 < 10)
    }
}
