@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `Examples/workshop-demo.md` and `.json` are what the workshop demo script
/// exports, with a fixed clock: this test fails when they go stale, and
/// DEFUSE_RECORD=1 regenerates them.
@Suite struct ExampleExportTests {
    @Test func workshopDemoCoachingNotes() {
        let loaded = Loader().load(paths: [packageRoot + "/Trees"])
        #expect(!loaded.hasErrors)
        let clock = SteppingClock(start: 1_795_444_200, step: 20)
        let console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
        let interpreter = Interpreter(session: Session(library: loaded.library, clock: console.now),
                                      style: Style(enabled: false), json: false, console: console)
        interpreter.scriptName = "workshop-demo.defuse"
        let script = fileText(packageRoot + "/Examples/workshop-demo.defuse") ?? ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            interpreter.lineNumber += 1
            interpreter.execute(String(line))
        }
        #expect(interpreter.failures == 0, "\(console.err.captured)")
        var doc = interpreter.pathDocument()
        #expect(doc.outcome != nil)
        for i in doc.trees.indices where doc.trees[i].file.hasPrefix(packageRoot + "/") {
            doc.trees[i].file = String(doc.trees[i].file.dropFirst(packageRoot.count + 1))
        }
        expectGolden(ExportFormat.md.render(doc, library: loaded.library), packageRoot + "/Examples/workshop-demo.md")
        expectGolden(ExportFormat.json.render(doc, library: loaded.library), packageRoot + "/Examples/workshop-demo.json")
        // The JSON example is a valid path that replays cleanly.
        if case .success(let back) = PathDocument.decode(text: doc.encoded()) {
            #expect(Replay.run(back, library: loaded.library).clean)
        } else {
            Issue.record("the example JSON does not decode")
        }
    }
}
