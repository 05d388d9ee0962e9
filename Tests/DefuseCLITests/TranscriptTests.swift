@testable import DefuseCLI
import DefuseCore
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
@Suite struct Transcripts {
    static let scripts: [String] = {
        guard case .success(let names) = FileSystem.list(fixtureDir + "/transcripts") else { return [] }
        return names.filter { $0.hasSuffix(".defuse") }
    }()

    @Test(arguments: scripts)
    func transcript(_ name: String) {
        let path = fixtureDir + "/transcripts/" + name
        let script = fileText(path) ?? ""
        var extra: [String] = []
        if let first = script.split(separator: "\n").first, first.hasPrefix("# args:") {
            extra = first.dropFirst(7).split(separator: " ").map(String.init)
        }
        let args = ["run", path, "--trees", fixtureDir + "/session", "--color=never"] + extra
        let (status, out, err) = runInMemory(args)
        let text = "$ defuse run \(name) \(extra.joined(separator: " "))\n--- stdout\n\(out)--- stderr\n\(err)--- exit \(status)\n"
        let portable = text.replacingOccurrences(of: fixtureDir, with: "$FIXTURES")
        expectGoldenText(portable, fixtureDir + "/transcripts/" + name.dropLast(7) + ".expected")
    }

    @Test func everyScriptHasAnExpectation() {
        #expect(Self.scripts.count >= 4)
    }

    @Test func commandLineCommands() {
        let (status, out, err) = runInMemory(["--trees", fixtureDir + "/session", "-c", "open a; 1; path", "--color=never"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("Alpha › Listen"))
        #expect(out.contains("2. a#listen  Listen  ← you are here"))
    }

    @Test func failuresSetTheExitStatus() {
        let (status, _, err) = runInMemory(["--trees", fixtureDir + "/session", "-c", "open a; 9; look"])
        #expect(status == 1)
        #expect(err.contains("error: no choice 9: choose 1 to 3"))
    }

    @Test func brokenTreesStopTheSession() {
        let (status, _, err) = runInMemory(["--trees", fixtureDir + "/broken/choices.tree", "-c", "look"])
        #expect(status == 1)
        #expect(err.contains("choices.tree:4:1: error: choice without '->'"))
    }

    @Test func workshopDemoRunsClean() {
        let (status, out, err) = runInMemory(["run", root + "/Examples/workshop-demo.defuse", "--trees", root + "/Trees"])
        #expect(status == 0, "\(err)")
        #expect(err.isEmpty)
        #expect(out.contains("abusive#conversation-ended"))
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard let first = target.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i] == first, self[i...].hasPrefix(target) {
                return i..<index(i, offsetBy: target.count)
            }
            i = index(after: i)
        }
        return nil
    }
}

/// Compares with a golden file; DEFUSE_RECORD=1 rewrites it instead.
func expectGoldenText(_ actual: String, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if let flag = getenv("DEFUSE_RECORD"), String(cString: flag) == "1" {
        writeText(path, actual)
        return
    }
    guard let expected = fileText(path) else {
        Issue.record("missing golden file \(path); run with DEFUSE_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "differs from \(path) (DEFUSE_RECORD=1 re-records)", sourceLocation: sourceLocation)
}
