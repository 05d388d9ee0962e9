#if canImport(Glibc)
import Glibc
#endif
import DefuseCore

/// The line-editing history file: what Up recalls, across sessions. It is
/// written in libedit's `_HiStOrY_V2_` format (one entry a line, blanks and
/// backslashes escaped as `strvis` does), with mode 0600.
///
/// Sessions that run at once never lose each other's lines: saving reads
/// what is on disk now, appends this session's lines to it (as bash's
/// `histappend` does), keeps the newest `limit`, and writes the whole file
/// atomically, all under a lock on `history.lock`.
struct History {
    let path: String
    let limit: Int
    /// What was on disk when the session started, oldest first.
    let loaded: [String]
    /// Lines entered in this session, oldest first.
    private(set) var added: [String] = []

    static let header = "_HiStOrY_V2_"

    init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        loaded = History.read(path)
    }

    /// Adds a line, unless it repeats the one before.
    mutating func add(_ line: String) {
        guard line != (added.last ?? loaded.last) else { return }
        added.append(line)
    }

    /// Merges this session's lines into the file; nil, or why it failed.
    func save() -> String? {
        guard !added.isEmpty else { return nil }
        let dir = FileSystem.dirName(path)
        if let failure = FileSystem.makeDirectories(dir) { return failure.message }
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { close(lock) } }
        var entries = History.read(path)
        for line in added where line != entries.last { entries.append(line) }
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        let text = ([History.header] + entries.map(History.encode)).joined(separator: "\n") + "\n"
        switch AtomicFile.write(Array(text.utf8), to: path, overwrite: true, mode: 0o600) {
        case .success: return nil
        case .failure(let f): return f.message
        }
    }

    /// The entries in the file at `path`, oldest first; none when it is missing or not a history file.
    static func read(_ path: String) -> [String] {
        guard case .success(let bytes) = FileSystem.read(path, limit: 16 << 20) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(header) else { return [] }
        return lines.dropFirst().map(decode)
    }

    /// `line` as libedit's `strvis(VIS_WHITE)` writes it: spaces, tabs,
    /// newlines and other controls in octal, a backslash doubled.
    static func encode(_ line: String) -> String {
        var out = ""
        for b in line.utf8 {
            switch b {
            case 0x5C: out += "\\\\"
            case 0x00...0x20, 0x7F:
                let octal = String(b, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            default: out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }

    /// What `strunvis` makes of an entry: `\ooo`, `\\`, `\M-c`, `\^c`, `\s` and the C escapes.
    static func decode(_ entry: Substring) -> String {
        let u = Array(entry.utf8)
        var out: [UInt8] = []
        var i = 0
        func octal(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x37 }
        while i < u.count {
            guard u[i] == 0x5C, i + 1 < u.count else {
                out.append(u[i])
                i += 1
                continue
            }
            let c = u[i + 1]
            i += 2
            switch c {
            case 0x30...0x37:
                var v = Int(c - 0x30)
                var k = 0
                while k < 2, i < u.count, octal(u[i]) {
                    v = v * 8 + Int(u[i] - 0x30)
                    i += 1
                    k += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            case 0x4D where i + 1 < u.count && u[i] == 0x2D:  // \M-c
                out.append(u[i + 1] | 0x80)
                i += 2
            case 0x4D where i + 1 < u.count && u[i] == 0x5E:  // \M^c
                out.append((u[i + 1] == 0x3F ? 0x7F : u[i + 1] & 0x1F) | 0x80)
                i += 2
            case 0x5E where i < u.count:  // \^c
                out.append(u[i] == 0x3F ? 0x7F : u[i] & 0x1F)
                i += 1
            case 0x73: out.append(0x20)  // \s
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            default: out.append(c)  // \\ and anything else: the character itself
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
