@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Each script in `Examples/` (`NAME.defuse`) and what it exports,
/// `NAME.md` and `NAME.json`, with a fixed clock: this test fails when they
/// go stale, and DEFUSE_RECORD=1 regenerates them.
@Suite struct ExampleExportTests {
    static let scripts: [String] = {
        guard case .success(let names) = FileSystem.list(packageRoot + "/Examples") else { return [] }
        return names.filter { $0.hasSuffix(".defuse") }.map { String($0.dropLast(7)) }
    }()

    @Test func theExamplesAreThere() {
        #expect(Set(Self.scripts).isSuperset(of: ["workshop-demo", "drill-walk", "explore-and-back"]))
    }

    @Test(arguments: scripts) func exports(_ name: String) {
        let loaded = Loader().load(paths: [packageRoot + "/Trees"])
        #expect(!loaded.hasErrors)
        let clock = SteppingClock(start: 1_795_444_200, step: 20)
        let console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
        let interpreter = Interpreter(session: Session(library: loaded.library, clock: console.now),
                                      style: Style(enabled: false), json: false, console: console)
        interpreter.scriptName = name + ".defuse"
        let script = fileText(packageRoot + "/Examples/\(name).defuse") ?? ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            interpreter.lineNumber += 1
            interpreter.execute(String(line))
        }
        #expect(interpreter.failures == 0, "\(console.err.captured)")
        var doc = interpreter.pathDocument()
        for i in doc.trees.indices where doc.trees[i].file.hasPrefix(packageRoot + "/") {
            doc.trees[i].file = String(doc.trees[i].file.dropFirst(packageRoot.count + 1))
        }
        expectGolden(ExportFormat.md.render(doc, library: loaded.library), packageRoot + "/Examples/\(name).md")
        expectGolden(ExportFormat.json.render(doc, library: loaded.library), packageRoot + "/Examples/\(name).json")
        // The JSON example is a valid path that replays cleanly.
        if case .success(let back) = PathDocument.decode(text: doc.encoded()) {
            #expect(Replay.run(back, library: loaded.library).clean)
        } else {
            Issue.record("the example JSON does not decode")
        }
    }
}
