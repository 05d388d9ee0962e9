#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Autosave: every move and note of an interactive session appended to a
/// journal file as one JSON line, written with one write(2) and an fsync,
/// so a `kill -9`, a closed terminal or a power cut loses nothing.
///
/// One file per session in `$XDG_STATE_HOME/defuse/sessions/` (folder 0700,
/// files 0600), named `2026-11-23-1430-PID.journal`. A running session holds
/// an flock on its file. A clean quit appends `{"event":"end"}` and renames
/// the file to `.journal.done`; what is left as `.journal` is unfinished and
/// `defuse --resume` picks up the newest.
///
/// Events: `start` (schema `defuse.journal/1`), `step` (tree, node, arrival,
/// choice index, time), `back` (count), `reset` (a walk replaced by `load`),
/// `note` (text, time), `lang`, `quiz`, `end`. Times are ISO 8601 UTC with `offset`, the local offset in seconds.
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
    /// What the file holds so far, to write only the difference.
    private struct Recorded {
        var node: NodeRef
        var arrival: Arrival
        var time: Timestamp
        var notes: Int
    }
    private var recorded: [Recorded] = []
    private var lang: String?
    private var quiz = false
    /// Set after a failed write; later writes are still tried.
    public private(set) var lastFailure: Failure?

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// `$XDG_STATE_HOME/defuse/sessions`, else `~/.local/state/defuse/sessions`.
    public static func directory(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/defuse/sessions" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/state/defuse/sessions"
    }

    /// Creates the folder and its parents (new ones 0700).
    static func makeDirectory(_ dir: String) -> Failure? {
        var prefix = ""
        for part in dir.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                return Failure("cannot create \(prefix): \(FileSystem.errnoMessage())")
            }
        }
        guard case .directory = FileSystem.kind(dir) else { return Failure("\(dir) is not a folder") }
        return nil
    }

    /// Starts a journal for a new session.
    public static func create(in dir: String, session: Session, version: String, now: Timestamp) -> Result<Journal, Failure> {
        if let failure = makeDirectory(dir) { return .failure(failure) }
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
                                 ("time", .string(now.iso8601)), ("offset", .int(Int(now.utcOffset))), ("trees", trees)])
        if let failure = journal.append([start.serialized()]) { return .failure(failure) }
        journal.sync(session)
        if let failure = journal.lastFailure { return .failure(failure) }
        return .success(journal)
    }

    /// Continues an unfinished journal (after `--resume`): later events are
    /// appended to it, and `session` is taken as what it already holds.
    public static func reopen(_ path: String, session: Session) -> Result<Journal, Failure> {
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
        journal.adopt(session)
        return .success(journal)
    }

    private func adopt(_ session: Session) {
        recorded = session.steps.map { Recorded(node: $0.node, arrival: $0.arrival, time: $0.time, notes: $0.notes.count) }
        lang = session.lang
        quiz = session.quiz
    }

    /// Appends the events that bring the file up to `session`: usually one
    /// line, one write and one fsync. A failure is kept in `lastFailure`
    /// and returned; the session goes on either way.
    @discardableResult
    public func sync(_ session: Session) -> Failure? {
        let steps = session.steps
        let lib = session.library
        var lines: [String] = []
        // The longest recorded prefix still in the session (moves change only the end).
        var k = min(recorded.count, steps.count)
        while k > 0 {
            let r = recorded[k - 1], s = steps[k - 1]
            if r.node == s.node && r.arrival == s.arrival && r.time == s.time && r.notes <= s.notes.count { break }
            k -= 1
        }
        if recorded.count > k {
            // `back` never undoes the first step: a walk replaced whole (load) is a reset.
            if k == 0 {
                lines.append(JSON.object([("event", .string("reset"))]).serialized())
            } else {
                lines.append(JSON.object([("event", .string("back")), ("count", .int(recorded.count - k))]).serialized())
            }
            recorded.removeLast(recorded.count - k)
        }
        if k > 0, steps[k - 1].notes.count > recorded[k - 1].notes {
            for note in steps[k - 1].notes[recorded[k - 1].notes...] { lines.append(Journal.noteEvent(note)) }
            recorded[k - 1].notes = steps[k - 1].notes.count
        }
        for s in steps[k...] {
            let choice: JSON
            if case .choice(let c) = s.arrival { choice = .int(c) } else { choice = .null }
            let kind: String
            switch s.arrival {
            case .open: kind = "open"
            case .choice: kind = "choice"
            case .goto: kind = "goto"
            case .restart: kind = "restart"
            }
            lines.append(JSON.object([
                ("event", .string("step")), ("tree", .string(lib.trees[Int(s.node.tree)].id)),
                ("node", .string(lib.node(s.node).id)), ("arrival", .string(kind)), ("choice", choice),
                ("time", .string(s.time.iso8601)), ("offset", .int(Int(s.time.utcOffset))),
            ]).serialized())
            for note in s.notes { lines.append(Journal.noteEvent(note)) }
            recorded.append(Recorded(node: s.node, arrival: s.arrival, time: s.time, notes: s.notes.count))
        }
        if session.lang != lang {
            lines.append(JSON.object([("event", .string("lang")), ("lang", .optional(session.lang))]).serialized())
            lang = session.lang
        }
        if session.quiz != quiz {
            lines.append(JSON.object([("event", .string("quiz")), ("on", .bool(session.quiz))]).serialized())
            quiz = session.quiz
        }
        guard !lines.isEmpty else { return nil }
        return append(lines)
    }

    static func noteEvent(_ note: Note) -> String {
        JSON.object([("event", .string("note")), ("text", .string(note.text)),
                     ("time", .string(note.time.iso8601)), ("offset", .int(Int(note.time.utcOffset)))]).serialized()
    }

    /// Writes whole lines with one write(2), then fsync.
    private func append(_ lines: [String]) -> Failure? {
        var bytes: [UInt8] = []
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }
        let error: Int32 = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return fsync(fd) == 0 ? 0 : errno
        }
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
        guard case .success(let names) = FileSystem.list(dir) else { return nil }
        var best: (String, Int64, Int64)?
        for name in names where name.hasSuffix(".journal") {
            let path = FileSystem.join(dir, name)
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            let free = flock(fd, LOCK_EX | LOCK_NB) == 0
            close(fd)
            guard free else { continue }
            let t = (Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec))
            if best == nil || t.0 > best!.1 || (t.0 == best!.1 && t.1 > best!.2) || (t == (best!.1, best!.2) && path > best!.0) {
                best = (path, t.0, t.1)
            }
        }
        return best?.0
    }

    /// What a journal holds, ready for `Session.restore`.
    public struct Recovered: Sendable {
        public var steps: [Step] = []
        public var lang: String?
        public var quiz = false
        /// When the session started.
        public var started: Timestamp?
        public var ended = false
        /// What could not be taken back, for people.
        public var problems: [String] = []
        public var noteCount: Int { steps.reduce(0) { $0 + $1.notes.count } }
    }

    /// Reads a journal against the trees now. Unreadable lines and steps
    /// whose node is gone are skipped and named in `problems`.
    public static func read(_ path: String, library: Library) -> Result<Recovered, Failure> {
        let bytes: [UInt8]
        switch FileSystem.read(path, limit: 256 << 20) {
        case .failure(let f): return .failure(Failure("\(path): \(f.message)"))
        case .success(let b): bytes = b
        }
        var out = Recovered()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let cutShort = bytes.last != 0x0A && !bytes.isEmpty
        if lines.last?.isEmpty == true { lines.removeLast() }
        var skippedNode = false
        for (i, line) in lines.enumerated() {
            if line.isEmpty { continue }
            guard case .success(let event) = JSON.parse(bytes: Array(line), maxDepth: 16), let kind = event["event"]?.stringValue else {
                if i == lines.count - 1 && cutShort {
                    out.problems.append("the last line was cut short (a crash while writing) and was skipped")
                } else {
                    out.problems.append("line \(i + 1) is not a journal event and was skipped")
                }
                continue
            }
            func time(_ key: String = "time") -> Timestamp? {
                guard var t = event[key]?.stringValue.flatMap({ Timestamp(iso8601: $0) }) else { return nil }
                t.utcOffset = Int32(truncatingIfNeeded: event["offset"]?.intValue ?? 0)
                return t
            }
            switch kind {
            case "start":
                if let s = event["schema"]?.stringValue, s != schema {
                    return .failure(Failure("\(path): journal schema '\(s)' is not supported (this defuse reads \(schema))"))
                }
                out.started = time()
            case "step":
                guard let tree = event["tree"]?.stringValue, let node = event["node"]?.stringValue, let t = time() else {
                    out.problems.append("line \(i + 1): a step without tree, node or time was skipped")
                    continue
                }
                guard let ref = library.ref(tree: tree, node: node) else {
                    out.problems.append("\(tree)#\(node) is no longer in the trees: that step was skipped")
                    skippedNode = true
                    continue
                }
                var arrival: Arrival
                switch event["arrival"]?.stringValue {
                case "choice":
                    arrival = .goto
                    if let c = event["choice"]?.intValue, let prev = out.steps.last, !skippedNode {
                        let choices = library.node(prev.node).choices
                        if c >= 0 && c < choices.count && choices[c].resolved == ref { arrival = .choice(c) }
                    }
                case "goto": arrival = .goto
                case "restart": arrival = .restart
                default: arrival = .open
                }
                if out.steps.isEmpty, case .choice = arrival { arrival = .open }
                out.steps.append(Step(node: ref, arrival: arrival, time: t))
                skippedNode = false
            case "reset":
                out.steps.removeAll()
                skippedNode = false
            case "back":
                let n = max(0, event["count"]?.intValue ?? 1)
                out.steps.removeLast(min(n, max(0, out.steps.count - 1)))
            case "note":
                guard let text = event["text"]?.stringValue, let t = time() else {
                    out.problems.append("line \(i + 1): a note without text or time was skipped")
                    continue
                }
                if skippedNode || out.steps.isEmpty {
                    out.problems.append("a note on a step that is gone was dropped: \"\(text)\"")
                } else {
                    out.steps[out.steps.count - 1].notes.append(Note(text: text, time: t))
                }
            case "lang":
                out.lang = event["lang"]?.stringValue
            case "quiz":
                out.quiz = event["on"]?.boolValue ?? false
            case "end":
                out.ended = true
            default:
                break  // later versions may add events
            }
        }
        if let lang = out.lang, !library.languages.contains(lang) {
            out.problems.append("language '\(lang)' is not loaded; showing each tree's own")
            out.lang = nil
        }
        return .success(out)
    }
}
