import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ReportCommandTests {
    /// A folder with the small tree and, under `paths/`, saved paths of three
    /// sessions (one in a subfolder), a hidden file and a text file that are
    /// not read.
    static func workshop() throws -> (dir: String, paths: String) {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let lib = Loader().load(paths: [dir + "/small.tree"]).library
        let now = Timestamp(seconds: 1_795_000_000, utcOffset: 0)
        let paths = dir + "/paths"
        mkdir(paths, 0o755)
        mkdir(paths + "/afternoon", 0o755)
        var first = Session(library: lib)
        try first.open("small")
        try first.choose(1)  // s -> a
        try first.choose(1)  // a -> good
        var second = Session(library: lib)
        try second.open("small")
        try second.choose(2)  // s -> b
        try second.choose(1)  // b -> bad
        var third = Session(library: lib)
        try third.open("small")
        try third.choose(3)  // s -> a by "again"
        try third.addNote("stopped | here")
        Fixture.write(paths + "/one.json", PathDocument(session: first, version: "test", created: now).encoded())
        Fixture.write(paths + "/two.json", PathDocument(session: second, version: "test", created: now).encoded())
        Fixture.write(paths + "/afternoon/three.json", PathDocument(session: third, version: "test", created: now).encoded())
        Fixture.write(paths + "/.hidden.json", "not read")
        Fixture.write(paths + "/readme.txt", "not read")
        return (dir, paths)
    }

    static func parse(_ text: String) throws -> JSON {
        switch JSON.parse(text) {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    @Test func foldersAreWalkedAndCountedAsCoverageCounts() throws {
        let (dir, paths) = try Self.workshop()
        let r = Fixture.run(["report", "--trees", dir + "/small.tree", "--format", "json", paths])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        let report = try Self.parse(r.out)
        let files = report["sessions"]?.arrayValue?.compactMap { $0["file"]?.stringValue }
        #expect(files == [paths + "/afternoon/three.json", paths + "/one.json", paths + "/two.json"])
        #expect(report["steps"]?.intValue == 8)
        let outcomes = report["outcomes"]?.arrayValue?.map { "\($0["outcome"]?.stringValue ?? "-") \($0["sessions"]?.intValue ?? 0)" }
        #expect(outcomes == ["ended 1", "resolved 1", "- 1"])
        // `coverage` on the same folder counts the same.
        let c = Fixture.run(["coverage", "--trees", dir + "/small.tree", "--json", paths])
        #expect(c.status == 0, "\(c.err)")
        let coverage = try Fixture.json(c.out)
        let tree = try #require(report["trees"]?.arrayValue?.first)
        let covered = try #require(coverage["trees"]?.arrayValue?.first)
        #expect(coverage["files"]?.intValue == 3)
        #expect(tree["coverage"]?["nodes"] == covered["nodes"])
        #expect(tree["coverage"]?["choices"] == covered["choices"])
        #expect(tree["outcomes"] == covered["outcomes"])
        #expect(tree["coverage"]?["untriedAtVisited"]?.intValue == coverage["untriedAtVisited"]?.intValue)
        #expect(tree["heat"]?["nodes"]?.arrayValue?.map { $0["sessions"]?.intValue ?? -1 } == [3, 2, 1, 1, 1])
        // Markdown by default, on standard output.
        let md = Fixture.run(["report", "--trees", dir + "/small.tree", paths])
        #expect(md.status == 0)
        #expect(md.out.hasPrefix("# Workshop report: 3 sessions, 2026-11-18\n"))
        #expect(md.out.contains("> **✎ `\(paths)/afternoon/three.json`**, step 2 ("))
        #expect(md.out.contains("): stopped \\| here\n"))
        #expect(md.out.contains("| `small#a` A | 1 | 0 | "))  // the third walk stopped at a
    }

    @Test func brokenAndForeignFilesAreNamedAndTheRestReported() throws {
        let (dir, paths) = try Self.workshop()
        Fixture.write(paths + "/foreign.json", "{\"name\": \"not a path\"}")
        let good = try #require(fileText(paths + "/one.json"))
        Fixture.write(paths + "/afternoon/broken.json", good.replacingFirst("\"node\": \"a\"", with: "\"node\": 7"))
        Fixture.write(paths + "/bad-syntax.json", "{\"schema\": ")
        let r = Fixture.run(["report", "--trees", dir + "/small.tree", "--format", "json", paths])
        #expect(r.status == 1)
        #expect(r.err.contains("error: \(paths)/afternoon/broken.json: steps[1].node: expected a string, found a number"))
        #expect(r.err.contains("error: \(paths)/foreign.json: schema: missing"))
        #expect(r.err.contains("error: \(paths)/bad-syntax.json: not valid JSON: line 1"))
        #expect(r.err.contains("3 files could not be read as a saved path; the report covers the other 3 sessions"))
        let report = try Self.parse(r.out)
        #expect(report["sessions"]?.arrayValue?.count == 3)
        // A missing path and a folder with no path files are errors too.
        let empty = Fixture.dir(["notes.txt": "x"])
        let m = Fixture.run(["report", "--trees", dir + "/small.tree", paths + "/one.json", dir + "/nowhere", empty])
        #expect(m.status == 1)
        #expect(m.err.contains("error: \(dir)/nowhere: no such file or folder"))
        #expect(m.err.contains("error: \(empty): no path files (.json) in this folder"))
        #expect(m.out.contains("# Workshop report: 1 session, 2026-11-18"))
        // Nothing readable at all: no report.
        let none = Fixture.run(["report", "--trees", dir + "/small.tree", paths + "/foreign.json"])
        #expect(none.status == 1)
        #expect(none.out.isEmpty)
        #expect(none.err.contains("no saved path could be read; no report"))
    }

    @Test func outputFileIsWrittenWholeAndKeptWithoutForce() throws {
        let (dir, paths) = try Self.workshop()
        let out = dir + "/report.md"
        let first = Fixture.run(["report", "--trees", dir + "/small.tree", "-o", out, paths])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out == "Wrote \(out): a report of 3 sessions (8 steps).\n")
        let written = try #require(fileText(out))
        let direct = Fixture.run(["report", "--trees", dir + "/small.tree", paths])
        #expect(written == direct.out)
        // An existing file is kept without --force.
        let again = Fixture.run(["report", "--trees", dir + "/small.tree", "--format", "json", "-o", out, paths])
        #expect(again.status == 1)
        #expect(again.err.contains("cannot write the report to \(out): already exists (--force overwrites it)"))
        #expect(fileText(out) == written)
        let forced = Fixture.run(["report", "--trees", dir + "/small.tree", "--format=json", "-o", out, "--force", paths])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(try Self.parse(fileText(out) ?? "")["schema"]?.stringValue == "defuse.report/1")
        // No temporary file is left behind.
        if case .success(let names) = FileSystem.list(dir) { #expect(names.filter { $0.hasSuffix(".tmp") }.isEmpty) }
        // A folder, or a device, is not overwritten.
        let folder = Fixture.run(["report", "--trees", dir + "/small.tree", "-o", paths, "--force", paths])
        #expect(folder.status == 1)
        #expect(folder.err.contains("is a folder"))
        let device = Fixture.run(["report", "--trees", dir + "/small.tree", "-o", "/dev/null", "--force", paths])
        #expect(device.status == 1)
        #expect(device.err.contains("not a regular file"))
    }

    @Test func usageErrors() {
        let none = Fixture.run(["report"])
        #expect(none.status == 2)
        #expect(none.err.contains("report needs saved paths"))
        let format = Fixture.run(["report", "--format", "html", "x.json"])
        #expect(format.status == 2)
        #expect(format.err.contains("bad value 'html' for --format (use md or json)"))
        let force = Fixture.run(["report", "--force", "x.json"])
        #expect(force.status == 2)
        #expect(force.err.contains("--force only applies with -o FILE"))
        let help = Fixture.run(["help", "report"])
        #expect(help.status == 0)
        #expect(help.out.contains("USAGE: defuse report [--format md|json]"))
    }
}
