#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Autosave: the session's event stream (`SessionEvent`), one JSON line per
/// event, each batch written with one write(2) and an fsync, so a `kill -9`,
/// a closed terminal or a power cut loses nothing.
///
/// One file per session in the state folder's `sessions/` (folder 0700,
/// files 0600), named `2026-11-23-1430-PID.journal`. A running session holds
/// an flock on its file. The first line is a `start` event (schema
/// `defuse.journal/1`, the version, the trees with their content hashes and
/// the paths they were loaded from);
/// then the session's events; a clean quit appends `{"event":"end"}` and
/// renames the file to `.journal.done`. What is left as `.journal` is
/// unfinished, and `defuse --resume` replays the newest into a new session.
public final class Journal {
    public static let schema = "defuse.journal/1"
    /// How many finished journals are kept.
    public static let keepFinished = 50

    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public let path: String
    private var fd: Int32
    /// Set after a failed write; later writes are still tried.
    public private(set) var lastFailure: Failure?

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Starts a journal for a new session in `dir`, with the events that
    /// make the session as it is now. `paths` are where its trees were
    /// loaded from (absolute), so `follow` loads the same ones.
    public static func create(in dir: String, session: Session, version: String, now: Timestamp,
                              paths: [String] = []) -> Result<Journal, Failure> {
        if let failure = FileSystem.makeDirectories(dir) { return .failure(Failure(failure.message)) }
        var fd: Int32 = -1
        var path = ""
        var n = 0
        while fd < 0 {
            path = FileSystem.join(dir, "\(now.fileStamp)-\(getpid())\(n == 0 ? "" : "-\(n)").journal")
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST && n < 100 { n += 1; continue }
                return .failure(Failure("cannot create \(path): \(FileSystem.errnoMessage())"))
            }
        }
        _ = flock(fd, LOCK_EX | LOCK_NB)
        let journal = Journal(path: path, fd: fd)
        let trees = JSON.array(session.library.trees.map { .object([("id", .string($0.id)), ("hash", .string($0.contentHash))]) })
        let start = JSON.object([("event", .string("start")), ("schema", .string(schema)), ("defuse", .string(version)),
                                 ("time", .string(now.iso8601)), ("offset", .int(Int(now.utcOffset))), ("trees", trees),
                                 ("paths", .array(paths.map { .string($0) }))])
        if let failure = journal.append([start.serialized()] + session.snapshot.map { $0.json.serialized() }) {
            return .failure(failure)
        }
        return .success(journal)
    }

    /// Continues an unfinished journal (after `--resume`): later events are
    /// appended to it.
    public static func reopen(_ path: String) -> Result<Journal, Failure> {
        let fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure("cannot open \(path): \(FileSystem.errnoMessage())")) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return .failure(Failure("\(path) is in use by another defuse"))
        }
        let journal = Journal(path: path, fd: fd)
        // A line cut short by a crash must not swallow the next event.
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, st.st_size - 1) == 1, last != 0x0A {
                if let failure = journal.append([""]) { return .failure(failure) }
            }
        }
        return .success(journal)
    }

    /// Appends `events`: one write and one fsync for all of them. A failure
    /// is kept in `lastFailure` and returned; the session goes on either way.
    @discardableResult
    public func append(_ events: [SessionEvent]) -> Failure? {
        guard !events.isEmpty else { return nil }
        return append(events.map { $0.json.serialized() })
    }

    /// Writes whole lines with one write(2), then fsync.
    private func append(_ lines: [String]) -> Failure? {
        var bytes: [UInt8] = []
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }
        var error = RawIO.write(fd, bytes)
        if error == 0 && fsync(fd) != 0 { error = errno }
        if error != 0 {
            let failure = Failure("cannot write to \(path): \(FileSystem.errnoMessage(error))")
            lastFailure = failure
            return failure
        }
        lastFailure = nil
        return nil
    }

    /// A clean end: an `end` line, then the file becomes `.journal.done`.
    public func finish(now: Timestamp) {
        _ = append([JSON.object([("event", .string("end")), ("time", .string(now.iso8601))]).serialized()])
        close(fd)
        fd = -1
        rename(path, path + ".done")
        Journal.prune(FileSystem.dirName(path))
    }

    /// Removes the oldest finished journals beyond `keepFinished`.
    static func prune(_ dir: String) {
        guard case .success(let names) = FileSystem.list(dir) else { return }
        let done = names.filter { $0.hasSuffix(".journal.done") }
        guard done.count > keepFinished else { return }
        for name in done.prefix(done.count - keepFinished) { unlink(FileSystem.join(dir, name)) }
    }

    // MARK: Resuming

    /// The newest journal in `dir` that did not end cleanly and that no
    /// running defuse holds, or nil.
    public static func newestUnfinished(in dir: String) -> String? {
        newest(in: dir, live: false)
    }

    /// The newest journal in `dir` that a running defuse holds (a live
    /// session, as `follow` wants), or nil.
    public static func newestLive(in dir: String) -> String? {
        newest(in: dir, live: true)
    }

    /// Whether a running defuse holds the journal at `path` (its session is live).
    public static func isLive(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_SH | LOCK_NB) != 0
    }

    /// The newest unfinished journal in `dir` (by modification time) that is
    /// held by a running defuse (`live`) or not.
    private static func newest(in dir: String, live: Bool) -> String? {
        guard case .success(let names) = FileSystem.list(dir) else { return nil }
        var best: (String, Int64, Int64)?
        for name in names where name.hasSuffix(".journal") {
            let path = FileSystem.join(dir, name)
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            guard isLive(path) == live else { continue }
            let t = (Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec))
            if best == nil || t.0 > best!.1 || (t.0 == best!.1 && t.1 > best!.2) || (t == (best!.1, best!.2) && path > best!.0) {
                best = (path, t.0, t.1)
            }
        }
        return best?.0
    }

    /// Why a journal whose start line names `schemaName` cannot be read, or
    /// nil when it can (one without a name is taken as this one).
    public static func unsupported(_ schemaName: String?) -> String? {
        guard let schemaName, schemaName != schema else { return nil }
        return "journal schema '\(schemaName)' is not supported (this defuse reads \(schema))"
    }

    /// What one line of a journal holds.
    public enum Line: Sendable {
        case event(SessionEvent)
        /// The first line: the schema it names (if any), when the session
        /// started, and where its trees were loaded from (if it says).
        case start(schema: String?, time: Timestamp?, paths: [String])
        /// A clean end.
        case end
        /// A kind of event this version does not know (a later version may write more).
        case other
        /// A line that could not be read, said for people.
        case problem(String)
    }

    /// Decodes one line (without its newline); `number` is its 1-based line
    /// number, `cutShort` says it is the last and had no newline (a crash
    /// while writing).
    public static func decode(line: [UInt8], number: Int, cutShort: Bool) -> Line {
        guard case .success(let object) = JSON.parse(bytes: line, maxDepth: 16), let kind = object["event"]?.stringValue else {
            return .problem(cutShort ? "the last line was cut short (a crash while writing) and was skipped"
                                     : "line \(number) is not a journal event and was skipped")
        }
        do throws(JSONPathError) {
            switch try SessionEvent.decode(object) {
            case .event(let event): return .event(event)
            case .other("start"):
                var time = object["time"]?.stringValue.flatMap { Timestamp(iso8601: $0) }
                time?.utcOffset = Int32(truncatingIfNeeded: object["offset"]?.intValue ?? 0)
                let paths = object["paths"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return .start(schema: object["schema"]?.stringValue, time: time, paths: paths)
            case .other("end"): return .end
            case .other: return .other
            }
        } catch {
            switch kind {
            case "step": return .problem("line \(number): a step without tree, node or time was skipped")
            case "note": return .problem("line \(number): a note without text or time was skipped")
            default: return .problem("line \(number): a '\(kind)' event could not be read (\(error.description)) and was skipped")
            }
        }
    }

    /// What replaying a journal found, besides the session it rebuilt.
    public struct Recovered: Sendable {
        /// When the session started.
        public var started: Timestamp?
        public var ended = false
        /// What could not be taken back, for people.
        public var problems: [String] = []
    }

    /// Replays a journal into `session` (a fresh one, on the trees now).
    /// Unreadable lines, and steps whose node is gone with what was added
    /// to them, are skipped and named in `problems`.
    public static func recover(_ path: String, into session: inout Session) -> Result<Recovered, Failure> {
        let bytes: [UInt8]
        switch FileSystem.read(path, limit: 256 << 20) {
        case .failure(let f): return .failure(Failure("\(path): \(f.message)"))
        case .success(let b): bytes = b
        }
        var out = Recovered()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let cutShort = bytes.last != 0x0A && !bytes.isEmpty
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            if line.isEmpty { continue }
            switch Journal.decode(line: Array(line), number: i + 1, cutShort: i == lines.count - 1 && cutShort) {
            case .problem(let problem):
                out.problems.append(problem)
            case .event(let event):
                if let problem = session.apply(event) { out.problems.append(problem) }
            case .start(let schemaName, let time, _):
                if let problem = unsupported(schemaName) { return .failure(Failure("\(path): \(problem)")) }
                out.started = time
            case .end:
                out.ended = true
            case .other:
                break  // later versions may add events
            }
        }
        return .success(out)
    }
}
