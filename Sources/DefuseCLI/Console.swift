#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCore

/// Where a command reads and writes: injectable, so tests run commands
/// in memory and the executable runs them on the real streams.
public struct Console {
    public var out: Output
    public var err: Output
    public var environment: [String: String]
    /// Standard input's file descriptor (the REPL reads lines from it).
    public var inputFD: Int32
    /// Whether standard input is a terminal.
    public var inputIsTerminal: Bool
    /// Clock for timestamps (injectable for golden files).
    public var now: @Sendable () -> Timestamp

    public init(out: Output, err: Output, environment: [String: String], inputFD: Int32 = 0,
                inputIsTerminal: Bool = false, now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.out = out
        self.err = err
        self.environment = environment
        self.inputFD = inputFD
        self.inputIsTerminal = inputIsTerminal
        self.now = now
    }

    public static func standard() -> Console {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                env[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return Console(out: Output(fd: 1), err: Output(fd: 2), environment: env,
                       inputFD: 0, inputIsTerminal: isatty(0) == 1)
    }

    /// Whether a terminal with this environment shows block characters: a
    /// UTF-8 locale (LC_ALL, else LC_CTYPE, else LANG) and a TERM that is not dumb.
    static func showsBlocks(_ environment: [String: String]) -> Bool {
        guard environment["TERM"] != "dumb" else { return false }
        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }

    func flush() {
        out.flush()
        err.flush()
    }
}
