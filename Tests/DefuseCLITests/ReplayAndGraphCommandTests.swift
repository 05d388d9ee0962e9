@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ReplayAndGraphCommandTests {
    let trees = ["--trees", exportFixtureTrees]

    func saved() -> String {
        let file = makeTempDir() + "/walk.json"
        let (status, _, err) = runExport(trees + ["-c", "open desk; 1; 2; export json \(file)"])
        #expect(status == 0, "\(err)")
        return file
    }

    @Test func replayCleanAndDrifted() {
        let file = saved()
        let (s1, o1, _) = runExport(["replay", file] + trees)
        #expect(s1 == 0)
        #expect(o1 == "\(file): replays cleanly (3 steps, outcome: safety).\n")
        // The same trees with a choice relabelled.
        let dir = makeTempDir()
        for name in ["calls.tree", "SOURCES.md"] { writeText(dir + "/" + name, fileText(exportFixtureTrees + "/" + name)!) }
        var desk = fileText(exportFixtureTrees + "/desk.tree")!
        desk = desk.replacingOccurrences(of: "* It is not allowed -> calls", with: "* It is forbidden -> calls")
        writeText(dir + "/desk.tree", desk)
        let (s2, o2, _) = runExport(["replay", file, "--trees", dir])
        #expect(s2 == 1)
        #expect(o2 == """
            \(file): choice-relabelled: step 2 (desk#refund): choice to 'calls#calm' was relabelled: "It is not allowed" is now "It is forbidden"
            \(file): note: tree 'desk' has changed since the path was saved (\(dir)/desk.tree)
            \(file): does not replay cleanly: 1 difference in 3 steps.

            """)
        let (s3, o3, _) = runExport(["replay", file, "--trees", dir, "--json"])
        #expect(s3 == 1)
        #expect(o3.hasPrefix("{\"file\":\"\(file)\",\"steps\":3,\"clean\":false,\"drifts\":[{\"step\":1,\"ref\":\"desk#refund\",\"kind\":\"choice-relabelled\""))
    }

    @Test func replayOfBadInput() {
        let dir = makeTempDir()
        writeText(dir + "/bad.json", "{\"schema\":\"defuse.path/1\",\"defuse\":\"0.1.0\",\"created\":\"2026-11-23T14:30:00Z\",\"lang\":\"en\",\"trees\":[],\"outcome\":null,\"steps\":[]}")
        let (s1, _, e1) = runExport(["replay", dir + "/bad.json"] + trees)
        #expect(s1 == 1)
        #expect(e1 == "defuse: \(dir)/bad.json: steps: expected at least one step\n")
        let (s2, _, e2) = runExport(["replay"] + trees)
        #expect(s2 == 2)
        #expect(e2.hasPrefix("defuse: replay needs one path file"))
    }

    @Test func graphDrawsATreeWithThePath() {
        let file = saved()
        let (s1, o1, _) = runExport(["graph", "desk", "--format", "mermaid", "--path", file] + trees, color: false)
        #expect(s1 == 0)
        #expect(o1.hasPrefix("---\ntitle: Front #42;desk#42; #lt;help#gt;\n---\nflowchart TD\n"))
        #expect(o1.contains("  n1 -.->|\"It is not allowed\"| x0\n"))
        #expect(o1.contains("  linkStyle 0,4 stroke:#1f6feb,stroke-width:3px\n"))
        let (s2, o2, _) = runExport(["graph", "calls"] + trees, color: false)
        #expect(s2 == 0)
        #expect(o2.hasPrefix("digraph \"calls\" {"))
        let (s3, _, e3) = runExport(["graph", "desks"] + trees, color: false)
        #expect(s3 == 1)
        #expect(e3 == "defuse: no tree 'desks'; did you mean 'desk'? (loaded: calls, desk)\n")
        let (s4, _, e4) = runExport(["graph", "desk", "--format", "png"] + trees, color: false)
        #expect(s4 == 2)
        #expect(e4.hasPrefix("defuse: bad value 'png' for --format"))
    }
}
