@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs defuse in memory, as the executable would, with a fixed clock.
func runInMemory(_ args: [String], environment: [String: String] = [:]) -> (Int32, String, String) {
    var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                          environment: environment, inputFD: -1, inputIsTerminal: false,
                          now: { Timestamp(seconds: 1_795_000_000) })
    let status = DefuseCLI.run(args, console: &console)
    return (status, console.out.captured, console.err.captured)
}

/// Script-mode transcripts: each `Tests/Fixtures/transcripts/NAME.defuse`
/// runs against the session fixture trees (or those its `# trees:` line names); stdout, stderr and the exit
/// status must match `NAME.expected` (DEFUSE_RECORD=1 re-records).
@Suite struct TranscriptTests {
    static let scripts: [String] = {
        guard case .success(let names) = FileSystem.list(fixtures + "/transcripts") else { return [] }
        return names.filter { $0.hasSuffix(".defuse") }
    }()

    @Test(arguments: scripts)
    func transcript(_ name: String) {
        let path = fixtures + "/transcripts/" + name
        let script = fileText(path) ?? ""
        // Header lines: "# args: ..." adds options, "# trees: NAME" takes
        // the trees of Tests/Fixtures/NAME instead of the session fixtures.
        var extra: [String] = []
        var trees = "session"
        for line in script.split(separator: "\n").prefix(3) {
            if line.hasPrefix("# args:") { extra = line.dropFirst(7).split(separator: " ").map(String.init) }
            if line.hasPrefix("# trees:") { trees = String(line.dropFirst(8).trimmingASCIIWhitespace()) }
        }
        let args = ["run", path, "--trees", fixtures + "/" + trees, "--color=never"] + extra
        let (status, out, err) = runInMemory(args)
        let text = "$ defuse run \(name) \(extra.joined(separator: " "))\n--- stdout\n\(out)--- stderr\n\(err)--- exit \(status)\n"
        let portable = text.replacingOccurrences(of: fixtures, with: "$FIXTURES")
        expectGolden(portable, fixtures + "/transcripts/" + name.dropLast(7) + ".expected")
    }

    /// Each script has its transcript and each transcript its script.
    @Test func scriptsAndTranscriptsComeInPairs() throws {
        let all = try FileSystem.list(fixtures + "/transcripts").get()
        let scripts = Set(all.filter { $0.hasSuffix(".defuse") }.map { $0.dropLast(7) })
        let expected = Set(all.filter { $0.hasSuffix(".expected") }.map { $0.dropLast(9) })
        #expect(!scripts.isEmpty)
        #expect(scripts == expected, "without a transcript: \(scripts.subtracting(expected).sorted()); without a script: \(expected.subtracting(scripts).sorted())")
    }

    @Test func commandLineCommands() {
        let (status, out, err) = runInMemory(["--trees", fixtures + "/session", "-c", "open a; 1; path", "--color=never"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("Alpha › Listen"))
        #expect(out.contains("2. a#listen  Listen  ← you are here"))
    }

    @Test func failuresSetTheExitStatus() {
        let (status, _, err) = runInMemory(["--trees", fixtures + "/session", "-c", "open a; 9; look"])
        #expect(status == 1)
        #expect(err.contains("error: no choice 9: choose 1 to 3"))
    }

    @Test func brokenTreesStopTheSession() {
        let (status, _, err) = runInMemory(["--trees", fixtures + "/broken/choices.tree", "-c", "look"])
        #expect(status == 1)
        #expect(err.contains("choices.tree:4:1: error: choice without '->'"))
    }

    @Test func workshopDemoRunsClean() {
        let (status, out, err) = runInMemory(["run", packageRoot + "/Examples/workshop-demo.defuse", "--trees", packageRoot + "/Trees"])
        #expect(status == 0, "\(err)")
        #expect(err.isEmpty)
        #expect(out.contains("abusive#conversation-ended"))
    }
}
