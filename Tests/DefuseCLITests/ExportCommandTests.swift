@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExportCommandTests {
    let trees = ["--trees", exportFixtureTrees]

    @Test func exportNeverOverwritesAndTheSessionGoesOn() {
        let dir = makeTempDir()
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
        let dir = makeTempDir()
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
        let dir = makeTempDir()
        let file = dir + "/walk.json"
        let (s1, _, e1) = runExport(trees + ["-c", "open desk; 1; note keep me; export json \(file)"])
        #expect(s1 == 0, "\(e1)")
        let (s2, out, e2) = runExport(trees + ["-c", "load \(file); 2; path"])
        #expect(s2 == 0, "\(e2)")
        #expect(out.contains("Loaded 2 steps from \(file)."))
        #expect(out.contains("  1. desk#greet  Greet the [customer]\n     └ [1] They ask for a refund\n  2. desk#refund  Refund asked\n       ✎ keep me\n     └ [2] It is not allowed\n  3. calls#calm  Calm them  (safety)  ← you are here\n"))
    }

    @Test func loadingABrokenFileNamesWhatIsWrong() {
        let dir = makeTempDir()
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
