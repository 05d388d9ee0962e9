@testable import DefuseCLI
import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A clock for exports: each reading is `step` seconds after the last.
final class ExportClock: @unchecked Sendable {
    private var t: Int64
    private let step: Int64
    init(start: Int64, step: Int64) { t = start - step; self.step = step }
    func next() -> Timestamp { t += step; return Timestamp(seconds: t) }
}

let exportFixtureTrees = fixtureDir + "/export/trees"

/// Runs defuse in memory with a clock that moves 20 seconds a reading.
func runExport(_ args: [String], color: Bool = true) -> (Int32, String, String) {
    let clock = ExportClock(start: 1_795_444_200, step: 20)
    var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                          environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
    let status = DefuseCLI.run(args + (color ? ["--color=never"] : []), console: &console)
    return (status, console.out.captured, console.err.captured)
}

@Suite struct ExportCommandTests {
    let trees = ["--trees", exportFixtureTrees]

    @Test func exportNeverOverwritesAndTheSessionGoesOn() {
        let dir = tempDir()
        let file = dir + "/notes.md"
        let (status, out, err) = runExport(trees + ["-c", "open desk; 1; export md \(file); export md \(file); note still here; export md \(file) --force"])
        #expect(status == 1)
        #expect(err == "error: cannot export to \(file): already exists (--force overwrites it); the session goes on\n")
        #expect(out.contains("Exported 2 steps to \(file)"))
        #expect(out.contains("✎ Noted on desk#refund."))
        #expect(fileText(file)?.contains("> **✎ Note** (14:31): still here") == true)
        #expect(fileText(file)?.contains("**Choices here (the walk stopped):**\n\n- It is allowed → `desk#done`\n- It is not allowed → `calls#calm`\n") == true)
        #expect((try? FileSystem.list(dir).get()) == ["notes.md"])
    }

    @Test func anUnwritableFolderIsAClearErrorAndTheSessionGoesOn() {
        let (status, out, err) = runExport(trees + ["-c", "open desk; export json /nonexistent-defuse/x.json; 1"])
        #expect(status == 1)
        #expect(err == "error: cannot export to /nonexistent-defuse/x.json: cannot create a file in /nonexistent-defuse: No such file or directory; the session goes on\n")
        #expect(out.contains("Front *desk* <help> › Refund asked"))
    }

    @Test func exportToStandardOutputAndBadFormats() {
        let (status, out, _) = runExport(trees + ["-c", "open desk; 1; export txt -"])
        #expect(status == 0)
        #expect(out.contains("Coaching notes: Front *desk* <help>\nOutcome: not finished. 2026-11-23, 2 steps.\n"))
        let (s2, _, e2) = runExport(trees + ["-c", "open desk; export pdf"])
        #expect(s2 == 1)
        #expect(e2 == "error: unknown format 'pdf': export needs a format: export md|json|txt [FILE|-] [--force]\n")
        let (s3, _, e3) = runExport(trees + ["-c", "export md -"])
        #expect(s3 == 1)
        #expect(e3 == "error: nothing to export yet: open a tree and walk a few steps first\n")
    }

    @Test func withoutAFileAFreshNameInTheCurrentFolder() {
        let dir = tempDir()
        let r = runDefuse(["--trees", exportFixtureTrees, "-c", "open desk; export md; export md"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let names = ((try? FileSystem.list(dir).get()) ?? []).sorted { $0.utf8.count < $1.utf8.count }
        #expect(names.count == 2, "\(names)")
        guard names.count == 2 else { return }
        // desk-2026-11-23-1430.md and desk-2026-11-23-1430-2.md
        #expect(names[0].hasPrefix("desk-") && names[0].hasSuffix(".md") && names[0].utf8.count == "desk-2026-11-23-1430.md".utf8.count)
        #expect(names[1] == names[0].dropLast(3) + "-2.md")
        #expect(r.stdout.contains("Exported 1 step to \(names[0])"))
    }

    @Test func loadContinuesFromTheEndOfASavedPath() {
        let dir = tempDir()
        let file = dir + "/walk.json"
        let (s1, _, e1) = runExport(trees + ["-c", "open desk; 1; note keep me; export json \(file)"])
        #expect(s1 == 0, "\(e1)")
        let (s2, out, e2) = runExport(trees + ["-c", "load \(file); 2; path"])
        #expect(s2 == 0, "\(e2)")
        #expect(out.contains("Loaded 2 steps from \(file)."))
        #expect(out.contains("  1. desk#greet  Greet the [customer]\n     └ [1] They ask for a refund\n  2. desk#refund  Refund asked\n       ✎ keep me\n     └ [2] It is not allowed\n  3. calls#calm  Calm them  (safety)  ← you are here\n"))
    }

    @Test func loadingABrokenFileNamesWhatIsWrong() {
        let dir = tempDir()
        writeText(dir + "/cut.json", "{\"schema\": \"defuse.path/1\", \"steps\": [")
        writeText(dir + "/typed.json", "{\"schema\": \"defuse.path/1\", \"defuse\": 1}")
        let (status, _, err) = runExport(trees + ["-c", "load \(dir)/cut.json; load \(dir)/typed.json; load \(dir)/none.json; open desk"])
        #expect(status == 1)
        #expect(err == """
            error: \(dir)/cut.json: not valid JSON: line 1, column 39: unexpected end of input
            error: \(dir)/typed.json: defuse: expected a string, found a number
            error: \(dir)/none.json: cannot open: No such file or directory

            """)
    }
}

@Suite struct ReplayAndGraphCommandTests {
    let trees = ["--trees", exportFixtureTrees]

    func saved() -> String {
        let file = tempDir() + "/walk.json"
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
        let dir = tempDir()
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
        let dir = tempDir()
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

/// `Examples/workshop-demo.md` and `.json` are what the workshop demo script
/// exports, with a fixed clock: this test fails when they go stale, and
/// DEFUSE_RECORD=1 regenerates them.
@Suite struct ExampleExports {
    @Test func workshopDemoCoachingNotes() {
        let loaded = Loader().load(paths: [root + "/Trees"])
        #expect(!loaded.hasErrors)
        let clock = ExportClock(start: 1_795_444_200, step: 20)
        let console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
        let interpreter = Interpreter(session: Session(library: loaded.library, clock: console.now),
                                      style: Style(enabled: false), json: false, console: console)
        interpreter.scriptName = "workshop-demo.defuse"
        let script = fileText(root + "/Examples/workshop-demo.defuse") ?? ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            interpreter.lineNumber += 1
            interpreter.execute(String(line))
        }
        #expect(interpreter.failures == 0, "\(console.err.captured)")
        var doc = interpreter.pathDocument()
        #expect(doc.outcome != nil)
        for i in doc.trees.indices where doc.trees[i].file.hasPrefix(root + "/") {
            doc.trees[i].file = String(doc.trees[i].file.dropFirst(root.count + 1))
        }
        expectGoldenText(ExportFormat.md.render(doc, library: loaded.library), root + "/Examples/workshop-demo.md")
        expectGoldenText(ExportFormat.json.render(doc, library: loaded.library), root + "/Examples/workshop-demo.json")
        // The JSON example is a valid path that replays cleanly.
        if case .success(let back) = PathDocument.decode(text: doc.encoded()) {
            #expect(Replay.run(back, library: loaded.library).clean)
        } else {
            Issue.record("the example JSON does not decode")
        }
    }
}
