#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCore
import LineEditor

/// A buffered text sink: a file descriptor, or memory for tests.
/// Writes to a closed pipe (EPIPE) end quietly and set `broken`.
public final class Output {
    enum Sink {
        case fd(Int32)
        case memory
    }

    let sink: Sink
    private var buffer: [UInt8] = []
    /// Everything written, for a memory sink.
    public private(set) var captured: String = ""
    public private(set) var broken = false
    /// Whether the sink is a terminal (colours, widths, escape codes allowed).
    public var isTerminal: Bool
    /// Set by the interactive REPL: a SIGINT while writing drops what is left.
    var dropOnInterrupt = false

    public init(fd: Int32) {
        sink = .fd(fd)
        isTerminal = isatty(fd) == 1
        buffer.reserveCapacity(8192)
    }

    /// A memory sink; `terminal` pretends to be a terminal.
    public init(memoryTerminal terminal: Bool = false) {
        sink = .memory
        isTerminal = terminal
    }

    public func write(_ text: String) {
        switch sink {
        case .memory:
            captured += text
        case .fd:
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { flush() }
        }
    }

    public func line(_ text: String = "") {
        write(text)
        write("\n")
    }

    public func flush() {
        guard case .fd(let fd) = sink, !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard !broken else { return }
        buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                // Ctrl-C during long output: drop the rest (the REPL goes on).
                if dropOnInterrupt && Signals.peek() == SIGINT {
                    if done > 0 { _ = Glibc.write(fd, "\n", 1) }
                    return
                }
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    broken = true
                    return
                }
                done += n
            }
        }
    }

    /// The terminal's size (columns and lines), or nil when the sink is not one.
    public var size: (columns: Int, rows: Int)? {
        guard case .fd(let fd) = sink, isTerminal else { return nil }
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 else { return nil }
        return (Int(ws.ws_col), Int(ws.ws_row))
    }

    /// Width to wrap at: the terminal's columns, else 80.
    public var columns: Int {
        guard let size, size.columns > 0 else { return 80 }
        return size.columns
    }
}
