import DefuseCLI
import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Helpers of this file only (other test files have their own).
private enum Fixture {
    /// The repository's root, from this file's path.
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.dirName(path) }
        return path
    }()

    static func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: [:], now: { Timestamp(seconds: 1_795_000_000, utcOffset: 0) })
        let status = DefuseCLI.run(args, console: &console)
        return (status, console.out.captured, console.err.captured)
    }

    static func dir(_ files: [String: String]) -> String {
        var template = Array("/tmp/defuse-analysis-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let dir = String(cString: p!)
        for (name, text) in files { write(dir + "/" + name, text) }
        return dir
    }

    static func write(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write \(path)")
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func json(_ text: String) throws -> JSON {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        switch JSON.parse(line) {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    /// A layered tree: `width` nodes a layer, each leading to every node of
    /// the next layer, the last layer to `last` (a target) or to an end node.
    static func layered(id: String, width: Int, layers: Int, last: String?) -> String {
        var t = "# Layered \(id)\nid: \(id)\n\n## start: Start\nsource: x\nGo.\n"
        for k in 0..<width { t += "* to \(k) -> l0-\(k)\n" }
        for layer in 0..<layers {
            for k in 0..<width {
                t += "## l\(layer)-\(k): Node\nsource: x\nGo.\n"
                for j in 0..<width {
                    t += "* to \(j) -> " + (layer + 1 < layers ? "l\(layer + 1)-\(j)" : (last ?? "end")) + "\n"
                }
            }
        }
        if last == nil { t += "## end: End\nsource: x\noutcome: resolved\nDone.\n" }
        return t
    }

    static let small = """
    # Small
    id: small
    ## s: Start
    source: x
    Go.
    * one -> a
    * two -> b
    * again -> a
    ## a: A
    source: x
    Go.
    * on -> good
    * back -> s
    * other -> b
    ## b: B
    source: x
    Go.
    * on -> bad
    * sideways -> a
    ## good: Good
    source: x
    outcome: resolved
    Done.
    ## bad: Bad
    source: x
    outcome: ended
    Done.
    """
}

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

@Suite struct WalkCommandTests {
    @Test func seededWalksRepeat() throws {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let a = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7"])
        let b = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7"])
        let c = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "8"])
        #expect(a.status == 0, "\(a.err)")
        #expect(a.out == b.out)
        #expect(a.out != c.out)
        #expect(a.out.contains("50 walks from small#s (seed 7; --seed 7 repeats them)"))
        let json = try Fixture.json(Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7", "--json"]).out)
        let walks = json["walks"]?.arrayValue ?? []
        #expect(walks.count == 50)
        let outcomes = json["summary"]?["outcomes"]?.arrayValue ?? []
        #expect(outcomes.compactMap { $0["walks"]?.intValue }.reduce(0, +) == 50)
        // Each walk's outcome is the outcome of its last node.
        for w in walks {
            let last = w["nodes"]?.arrayValue?.last?.stringValue
            let outcome = w["outcome"]?.stringValue
            #expect((last == "small#good" && outcome == "resolved") || (last == "small#bad" && outcome == "ended"))
        }
        #expect(Fixture.run(["walk", "small", "--trees", dir, "--random", "0"]).status == 2)
        #expect(Fixture.run(["walk", "small", "--trees", dir]).status == 2)
        #expect(Fixture.run(["walk", "small", "--trees", dir, "--random", "3", "--seed", "-1"]).status == 2)
    }
}

@Suite struct CoverageCommandTests {
    @Test func coverageOverSavedPaths() throws {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let lib = Loader().load(paths: [dir]).library
        var first = Session(library: lib)
        try first.open("small")
        try first.choose(1)  // s -> a
        try first.choose(1)  // a -> good
        var second = Session(library: lib)
        try second.open("small")
        try second.choose(3)  // s -> a by "again": another choice to the same node
        try second.choose(3)  // a -> b
        let now = Timestamp(seconds: 1_795_000_000, utcOffset: 0)
        Fixture.write(dir + "/one.json", PathDocument(session: first, version: "test", created: now).encoded())
        Fixture.write(dir + "/two.json", PathDocument(session: second, version: "test", created: now).encoded())
        let r = Fixture.run(["coverage", "--trees", dir + "/small.tree", "--json", dir + "/one.json", dir + "/two.json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try Fixture.json(r.out)
        let tree = json["trees"]?.arrayValue?.first
        #expect(tree?["nodes"]?["visited"]?.intValue == 4)  // s, a, good, b
        #expect(tree?["nodes"]?["total"]?.intValue == 5)
        #expect(tree?["choices"]?["taken"]?.intValue == 4)  // s1, s3, a1, a3
        #expect(tree?["choices"]?["total"]?.intValue == 8)
        #expect(tree?["outcomes"]?["reached"]?.arrayValue == [.string("resolved")])
        let untried = json["untried"]?.arrayValue?.map { "\($0["node"]!.stringValue!) \($0["choice"]!.intValue!)" }
        #expect(untried == ["small#s 2", "small#a 2", "small#b 1", "small#b 2"])
        let text = Fixture.run(["coverage", "--trees", dir + "/small.tree", dir + "/one.json", dir + "/two.json"])
        #expect(text.out.contains("small  nodes 4/5 (80%)     choices 4/8 (50%)"))
        #expect(text.out.contains("small#b [2] sideways → small#a"))
        // A file that is not a saved path fails the run, naming the file.
        Fixture.write(dir + "/bad.json", "{\"schema\": \"other\"}")
        let bad = Fixture.run(["coverage", "--trees", dir + "/small.tree", dir + "/one.json", dir + "/bad.json"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("bad.json: schema"))
        #expect(bad.out.isEmpty)
    }

    @Test func sessionCoverageAndUnvisited() throws {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let r = Fixture.run(["--trees", dir, "--json", "-c", "open small; 1; coverage; unvisited 3; 3; back; coverage"])
        let lines = r.out.split(separator: "\n").map(String.init)
        let replies = try lines.map { line -> JSON in
            switch JSON.parse(line) { case .success(let v): return v; case .failure(let e): throw e }
        }
        let coverage = replies.filter { $0["type"]?.stringValue == "coverage" }
        #expect(coverage.count == 2)
        #expect(coverage[0]["nodes"]?["visited"]?.intValue == 2)
        #expect(coverage[0]["choices"]?["taken"]?.intValue == 1)
        // 'back' does not undo coverage: b was seen.
        #expect(coverage[1]["nodes"]?["visited"]?.intValue == 3)
        #expect(coverage[1]["choices"]?["taken"]?.intValue == 2)
        let unvisited = try #require(replies.first { $0["type"]?.stringValue == "unvisited" })
        let branches = unvisited["branches"]?.arrayValue ?? []
        #expect(branches.map { $0["node"]!.stringValue! } == ["small#a", "small#a", "small#a"])
        #expect(branches.map { $0["distance"]!.intValue! } == [0, 0, 0])
        let text = Fixture.run(["--trees", dir, "-c", "open small; 1; coverage"])
        #expect(text.out.contains("nodes     2/5 (40%)"))
        #expect(text.out.contains("choices   1/8 (12%)"))
    }
}

@Suite struct StrictCheckTests {
    @Test func strictAddsLintWarnings() throws {
        let lint = Fixture.root + "/Tests/Fixtures/analysis/lint"
        let plain = Fixture.run(["check", lint])
        #expect(plain.status == 0)
        #expect(!plain.out.contains("tagged abusive"))
        let strict = Fixture.run(["check", "--strict", "--max-steps", "3", "--max-phrase-words", "8", lint])
        #expect(strict.status == 0, "warnings only")
        #expect(strict.out.contains("abuse.tree:29:1: warning: tree 'abuse' is tagged abusive, but the path s > a > b > c > wall takes 4 steps"))
        #expect(strict.out.contains("nl/abuse.tree:36:1: warning: phrase in 'wall' has 16 words"))
        let json = try Fixture.json(Fixture.run(["check", "--strict", "--max-steps", "4", "--json", lint]).out)
        let messages = json["diagnostics"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        #expect(!messages.contains { $0.contains("takes 4 steps") }, "4 steps are allowed with --max-steps 4")
        #expect(messages.contains { $0.contains("circle without reaching") })
        #expect(Fixture.run(["check", "--max-steps", "3", lint]).status == 2)
        #expect(Fixture.run(["check", "--strict", "--max-steps", "zero", lint]).status == 2)
    }

    @Test func bundledTreesPassStrict() {
        let r = Fixture.run(["check", "--strict", Fixture.root + "/Trees"])
        #expect(r.status == 0)
        #expect(r.out == "", "\(r.out)")
        #expect(r.err.hasSuffix(": 0 errors, 0 warnings\n"))
    }
}
