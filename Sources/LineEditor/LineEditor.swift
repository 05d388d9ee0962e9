import CLibEdit

#if canImport(Glibc)
import Glibc
#endif

/// What one read gave.
public enum LineEvent: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// A signal (Ctrl-C, SIGTERM, SIGHUP) interrupted the read; see `Signals.take()`.
    case interrupted
    /// End of input (Ctrl-D on an empty line, or the end of a pipe).
    case end
    /// A line that could not be used (too long, not UTF-8); reading goes on.
    case rejected(String)
}

/// Completion for the word under the cursor: the byte offset in the line
/// where the replaced text starts, and the candidates for it.
public struct Completion: Sendable {
    public var start: Int
    public var candidates: [String]

    public init(start: Int, candidates: [String]) {
        self.start = start
        self.candidates = candidates
    }
}

/// The one line-reading seam: libedit on a terminal, plain lines otherwise.
public protocol LineSource: AnyObject {
    func read(prompt: String) -> LineEvent
    /// Makes `line` the newest entry Up recalls (where there is line editing).
    func addHistory(_ line: String)
    /// Drops input typed ahead but not yet read (after a Ctrl-C that came
    /// while a command ran, as a terminal's own Ctrl-C would).
    func discardTypedAhead()
}

extension LineSource {
    public func discardTypedAhead() {}
}

/// Signal bookkeeping shared by both line sources.
public enum Signals {
    /// Installs tiny handlers for SIGINT, SIGTERM and SIGHUP (they only
    /// record the signal) and ignores SIGPIPE.
    public static func install() { defuse_install_signal_handlers() }
    /// The last signal received (0 if none), cleared.
    public static func take() -> Int32 { defuse_take_signal() }
    public static func peek() -> Int32 { defuse_peek_signal() }
}

/// Lines from a file descriptor: no prompt, no escape codes. Very long lines
/// and invalid UTF-8 are rejected with a reason, never crashed on.
public final class PlainLineSource: LineSource {
    let fd: Int32
    public let maxLineLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false
    public private(set) var lineNumber = 0
    private var tooLong: String { "this line is longer than \(maxLineLength) bytes; it was ignored" }

    public init(fd: Int32, maxLineLength: Int = 1 << 20) {
        self.fd = fd
        self.maxLineLength = maxLineLength
    }

    /// Lines from a string (for `-c` and tests).
    public convenience init(text: String) {
        self.init(fd: -1)
        buffer = Array(text.utf8)
        atEOF = true
    }

    public func read(prompt: String) -> LineEvent {
        var skipping = false
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let lineBytes = buffer[start..<nl]
                start = nl + 1
                compact()
                lineNumber += 1
                if skipping {
                    return .rejected(tooLong)
                }
                return decode(lineBytes)
            }
            if buffer.count - start > maxLineLength {
                // Drop what we have and keep dropping until the newline.
                buffer.removeAll(keepingCapacity: true)
                start = 0
                skipping = true
            }
            if atEOF {
                if start < buffer.count {
                    let rest = buffer[start...]
                    buffer.removeAll()
                    start = 0
                    lineNumber += 1
                    if skipping { return .rejected(tooLong) }
                    return decode(rest)
                }
                if skipping {
                    lineNumber += 1
                    return .rejected(tooLong)
                }
                return .end
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if n < 0 {
                if errno == EINTR { return .interrupted }
                atEOF = true
                continue
            }
            if n == 0 { atEOF = true; continue }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    private func compact() {
        if start > 1 << 16 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private func decode(_ bytes: ArraySlice<UInt8>) -> LineEvent {
        var slice = bytes
        if slice.last == 0x0D { slice = slice.dropLast() }
        guard let text = String(validating: slice, as: UTF8.self) else {
            return .rejected("this line is not valid UTF-8; it was ignored")
        }
        return .line(text)
    }

    public func addHistory(_ line: String) {}
}

/// libedit's native API: line editing, history, completion, `~/.editrc`.
/// History lives in memory here; the caller reads and writes its file.
public final class EditLineSource: LineSource {
    private let el: OpaquePointer
    private let history: OpaquePointer
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private var promptCapacity = 256
    /// Given the line up to the cursor, what to complete.
    public var completer: ((String) -> Completion)?
    /// Prints a list of candidates when Tab is ambiguous.
    public var listCandidates: (([String]) -> Void)?

    /// Up recalls `history` (oldest first), then what is added. Nil when
    /// libedit cannot start on this terminal.
    public init?(program: String, history entries: [String], historySize: Int32 = 1000) {
        defuse_setlocale_ctype()
        utf8 = defuse_locale_is_utf8() != 0
        guard let el = el_init(program, defuse_stdin(), defuse_stdout(), defuse_stderr()) else { return nil }
        guard let h = history_init() else {
            el_end(el)
            return nil
        }
        self.el = el
        self.history = h
        promptBuffer = .allocate(capacity: promptCapacity)
        promptBuffer.initialize(to: 0)
        defuse_history_setsize(h, historySize)
        defuse_history_setunique(h, 1)
        defuse_el_set_history(el, h)
        defuse_el_set_editor(el, "emacs")
        defuse_el_set_read_char(el)
        defuse_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        defuse_el_set_prompt(el) { e in
            guard let e, let data = defuse_el_get_clientdata(e) else { return nil }
            return Unmanaged<EditLineSource>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        defuse_el_add_function(el, "defuse-complete", "Complete the word under the cursor") { e, _ in
            guard let e, let data = defuse_el_get_clientdata(e) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineSource>.fromOpaque(data).takeUnretainedValue().complete()
        }
        // ~/.editrc (or $EDITRC), so vi keys and other bindings work. Tab is
        // bound after it: `bind -v` there resets the key maps.
        el_source(el, nil)
        defuse_el_bind(el, "^I", "defuse-complete")
        for entry in entries { defuse_history_enter(h, entry) }
    }

    deinit {
        el_end(el)
        history_end(history)
        promptBuffer.deallocate()
    }

    /// Whether the locale decodes UTF-8; if not, libedit is given ASCII only
    /// (see shim.h, "Locale").
    private let utf8: Bool

    /// `text` as libedit can decode it in this locale: as it is in a UTF-8
    /// locale; else with ASCII stand-ins (`›` becomes `>`, other characters `?`).
    private func decodable(_ text: String) -> String {
        if utf8 || text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            s.isASCII ? s : (s == "›" || s == "»" ? ">" : "?")
        }))
    }

    private func setPrompt(_ prompt: String) {
        let bytes = Array(decodable(prompt).utf8)
        if bytes.count + 1 > promptCapacity {
            promptBuffer.deallocate()
            promptCapacity = bytes.count + 1
            promptBuffer = .allocate(capacity: promptCapacity)
        }
        for (i, b) in bytes.enumerated() { promptBuffer[i] = CChar(bitPattern: b) }
        promptBuffer[bytes.count] = 0
    }

    public func read(prompt: String) -> LineEvent {
        setPrompt(prompt)
        var count: Int32 = 0
        guard let p = el_gets(el, &count) else {
            if count < 0 { return .interrupted }
            return .end
        }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    public func discardTypedAhead() {
        tcflush(STDIN_FILENO, TCIFLUSH)
    }

    public func addHistory(_ line: String) {
        defuse_history_enter(history, line)
    }

    private func complete() -> UInt8 {
        guard let info = el_line(el)?.pointee, let completer else { return UInt8(CC_ERROR) }
        let base = UnsafeRawPointer(info.buffer!).assumingMemoryBound(to: UInt8.self)
        let cursorOffset = UnsafeRawPointer(info.cursor!) - UnsafeRawPointer(info.buffer!)
        let line = String(decoding: UnsafeBufferPointer(start: base, count: cursorOffset), as: UTF8.self)
        let completion = completer(line)
        let lineBytes = Array(line.utf8)
        let start = max(0, min(completion.start, lineBytes.count))
        let typed = String(decoding: lineBytes[start...], as: UTF8.self)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            replace(typed, with: candidates[0] + (candidates[0].hasSuffix("/") ? "" : " "))
            return UInt8(CC_REFRESH)
        }
        let prefix = commonPrefix(candidates)
        if prefix.count > typed.count {
            replace(typed, with: prefix)
            return UInt8(CC_REFRESH)
        }
        listCandidates?(candidates)
        return UInt8(CC_REDISPLAY)
    }

    private func replace(_ typed: String, with text: String) {
        let n = Int32(typed.unicodeScalars.count)
        // A completion libedit cannot decode in this locale is not inserted.
        guard utf8 || text.utf8.allSatisfy({ $0 < 0x80 }) else { return }
        if n > 0 { el_deletestr(el, n) }
        el_insertstr(el, text)
    }

    /// Longest common prefix, compared without regard to case.
    private func commonPrefix(_ items: [String]) -> String {
        guard var prefix = items.first.map({ Array($0) }) else { return "" }
        for item in items.dropFirst() {
            let chars = Array(item)
            var n = 0
            while n < prefix.count && n < chars.count && prefix[n].lowercased() == chars[n].lowercased() { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        return String(prefix)
    }
}

/// Single keys from a terminal, without echo and without waiting for a
/// line, for a full-screen view (`follow`). Ctrl-C still sends SIGINT. The
/// terminal is put back as it was when the reader is done.
public final class KeyReader {
    private let fd: Int32
    private var saved = termios()
    private var restored = false

    /// Nil when `fd` is not a terminal.
    public init?(fd: Int32 = STDIN_FILENO) {
        guard isatty(fd) == 1, tcgetattr(fd, &saved) == 0 else { return nil }
        self.fd = fd
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        raw.c_cc.6 = 1  // VMIN
        raw.c_cc.5 = 0  // VTIME
        tcsetattr(fd, TCSANOW, &raw)
    }

    deinit { restore() }

    /// Waits up to `milliseconds` for a key: the byte, or nil when none came
    /// (or a signal interrupted the wait: see `Signals.take()`).
    public func key(waiting milliseconds: Int32) -> UInt8? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, milliseconds) > 0 else { return nil }
        var byte: UInt8 = 0
        return Glibc.read(fd, &byte, 1) == 1 ? byte : nil
    }

    /// Puts the terminal back as it was.
    public func restore() {
        guard !restored else { return }
        restored = true
        tcsetattr(fd, TCSANOW, &saved)
    }
}
