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
/// runs against the session fixture trees; stdout, stderr and the exit
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
        var extra: [String] = []
        if let first = script.split(separator: "\n").first, first.hasPrefix("# args:") {
            extra = first.dropFirst(7).split(separator: " ").map(String.init)
        }
        let args = ["run", path, "--trees", fixtures + "/session", "--color=never"] + extra
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
