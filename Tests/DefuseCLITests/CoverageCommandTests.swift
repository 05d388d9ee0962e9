import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

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
