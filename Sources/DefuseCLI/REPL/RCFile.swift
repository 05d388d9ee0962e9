import DefuseCore

/// The rc file, `$XDG_CONFIG_HOME/defuse/defuserc` (`StateDirectory.rcFile`):
/// session commands run at the start of every interactive session, as psql
/// runs `.psqlrc` (`lang nl`, `quiz on`). One command a line; blank lines and
/// lines starting with `#` are skipped. Script mode (`run`, `-c`, standard
/// input that is not a terminal) and `--resume` do not read it, so a script
/// runs the same everywhere and a resumed session stays where it was;
/// `--no-rc` skips it.
enum RCFile {
    /// The most an rc file may hold.
    static let sizeLimit = 1 << 20

    /// Runs the commands of the rc file at `path` (nothing when there is
    /// none) in `interpreter`'s session. Their replies are not printed: the
    /// greeting shows where they led. A command that fails is printed as
    /// `path:line:column: error: message`, and the session starts anyway.
    /// Returns how many commands ran without failing.
    static func run(_ path: String, in interpreter: Interpreter) -> Int {
        func report(line: Int, column: Int, _ message: String) {
            let d = Diagnostic.error(SourceLocation(file: path, line: line, column: column), message)
            interpreter.errorLine(DefuseCLI.format(d, style: interpreter.style))
        }
        let bytes: [UInt8]
        switch FileSystem.kind(path) {
        case .missing:
            return 0
        case .directory, .other:
            report(line: 0, column: 0, "not a regular file; the rc file was not read")
            return 0
        case .file:
            switch FileSystem.read(path, limit: sizeLimit) {
            case .failure(let failure):
                report(line: 0, column: 0, failure.message + "; the rc file was not read")
                return 0
            case .success(let b): bytes = b
            }
        }
        var ran = 0
        for (i, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var text = String(decoding: raw, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            let line = text.trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let column = text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count + 1
            let reply = interpreter.dispatch(String(line))
            if reply.quit {
                report(line: i + 1, column: column, "'\(line)' does nothing in the rc file; the session starts anyway")
            } else if reply.failed {
                report(line: i + 1, column: column, reply.text)
            } else {
                ran += 1
            }
        }
        return ran
    }
}
