@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

/// Walks an example script (`Examples/.../NAME.defuse`) as `defuse run`
/// would, on `trees` (paths in the repository), with a clock that starts at
/// `start` and moves `step` seconds a reading; returns the path it made,
/// with tree files named relative to the repository, as the examples keep
/// them. A command that fails is a test failure.
func walkExample(_ script: String, trees: [String], start: Int64, step: Int64) -> PathDocument? {
    let loaded = Loader().load(paths: trees.map { packageRoot + "/" + $0 })
    #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
    let clock = SteppingClock(start: start, step: step)
    let console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                          environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
    let interpreter = Interpreter(session: Session(library: loaded.library, clock: console.now),
                                  style: Style(enabled: false), json: false, console: console)
    interpreter.scriptName = FileSystem.baseName(script)
    guard let text = fileText(script) else {
        Issue.record("no script \(script)")
        return nil
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        interpreter.lineNumber += 1
        interpreter.execute(String(line))
    }
    #expect(interpreter.failures == 0, "\(script): \(console.err.captured)")
    var doc = interpreter.pathDocument()
    for i in doc.trees.indices where doc.trees[i].file.hasPrefix(packageRoot + "/") {
        doc.trees[i].file = String(doc.trees[i].file.dropFirst(packageRoot.count + 1))
    }
    return doc
}
