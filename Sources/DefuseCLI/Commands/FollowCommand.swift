#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCore
import LineEditor

/// `defuse follow [JOURNAL]`: the audience view. In a second terminal (the
/// one on the projector) it shows what the room should see of a live
/// session: the current node only (`AudienceView`), nothing typed. It reads
/// the session's journal as it is written, so it needs no socket and no
/// cooperation from the session beyond the journal it keeps anyway.
enum FollowCommand {
    static let spec = CommandSpec(
        name: "follow",
        summary: "Show a live session for the room (a second terminal, on the projector).",
        usage: ["follow [JOURNAL] [--trees <path>]..."],
        options: [
            DefuseCLI.treesOption,
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Shows the newest live session (or the one whose JOURNAL file is given) as the room
          should see it: the tree, the node, the customer's intensity, the guidance, the
          phrases (hidden while the session hides them in quiz or drill mode), the trainee's
          words, the choices and a short breadcrumb. No prompt, no ids, no notes, no command
          output. It follows every move within a few milliseconds, the language, and the
          terminal's size; q or Ctrl-C quits. When the session ends it waits for the next
          one. The trees are those the session loaded, unless --trees says otherwise. When
          standard output is not a terminal, each new view is printed as plain text (views
          separated by a line of dashes) until the session ends.
          """,
        operands: .file(suffix: nil))

    static func isFile(_ path: String) -> Bool {
        if case .file = FileSystem.kind(path) { return true }
        return false
    }

    /// How often the journal is read (ms): moves show within this.
    static let tick: Int32 = 25

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard args.positionals.count <= 1 else {
            console.err.line("defuse: follow takes one journal at most (see 'defuse help follow')")
            return ExitCode.usage
        }
        guard let (limits, style) = DefuseCLI.limitsAndStyle(args, for: console.out, command: "follow", console: &console) else {
            return ExitCode.usage
        }
        let given = args.positionals.first
        let sessions = StateDirectory(environment: console.environment)?.sessions
        if let given, !isFile(given) {
            console.err.line("defuse: \(Visible.escape(given)): no such journal (see 'defuse help follow')")
            return ExitCode.failure
        }
        let screen = console.out.isTerminal
        if given == nil && !screen && (sessions.flatMap(Journal.newestLive) == nil) {
            console.err.line("defuse: no live session to follow\(sessions.map { " (in \(Visible.escape($0)))" } ?? ""); start defuse in another terminal first")
            return ExitCode.failure
        }
        var follower = Follower(console: console, style: style, limits: limits, trees: args.all("--trees"),
                                given: given, sessions: sessions, screen: screen)
        return follower.run()
    }
}

/// The audience view's loop: find the session, read its journal as it
/// grows, apply its events to a session of its own, draw what changed.
struct Follower {
    let console: Console
    let style: Style
    let limits: Limits
    /// `--trees`: these instead of the session's own.
    let trees: [String]
    /// The journal named on the command line: only that one is followed.
    let given: String?
    /// The state folder's sessions, where live sessions are found.
    let sessions: String?
    /// Full screen on a terminal; plain frames otherwise.
    let screen: Bool

    private var tail: JournalTail?
    private var session: Session?
    /// The trees loaded for the paths a journal named (kept while the next session names the same).
    private var library: (paths: [String], library: Library)?
    private var ended = false
    /// The writer went away without ending (a crash, a kill); it may be resumed.
    private var stopped = false
    private var status: String?
    private var lastFrame: [String] = []
    private var lastSize = (0, 0)
    private var ticks = 0
    private var framesPrinted = 0
    /// Whether anything the view shows may have changed since it was drawn
    /// (a tick that read nothing new draws nothing: the size is checked alone).
    private var dirty = true

    init(console: Console, style: Style, limits: Limits, trees: [String], given: String?, sessions: String?, screen: Bool) {
        self.console = console
        self.style = style
        self.limits = limits
        self.trees = trees
        self.given = given
        self.sessions = sessions
        self.screen = screen
    }

    mutating func run() -> Int32 {
        Signals.install()
        let keys = screen && console.inputIsTerminal ? KeyReader(fd: console.inputFD) : nil
        if screen { console.out.write("\u{1B}[?1049h\u{1B}[?25l") }
        defer {
            keys?.restore()
            if screen { console.out.write("\u{1B}[?25h\u{1B}[?1049l") }
            console.out.flush()
        }
        if let given { start(given) }
        while true {
            let signal = Signals.take()
            if signal == SIGINT { return ExitCode.success }
            if signal == SIGTERM || signal == SIGHUP { return 128 + signal }
            if console.out.broken { return ExitCode.success }
            if let keys {
                if let key = keys.key(waiting: FollowCommand.tick), key == UInt8(ascii: "q") || key == UInt8(ascii: "Q") || key == 4 {
                    return ExitCode.success
                }
            } else {
                _ = poll(nil, 0, FollowCommand.tick)
            }
            ticks += 1
            readJournal()
            // Every half second: is the writer still there, is there a newer session?
            if ticks % 20 == 1 { lookAround() }
            draw()
            // Without a screen, the view ends with the session.
            if !screen && (ended || stopped || (tail == nil && given != nil)) { return ExitCode.success }
        }
    }

    /// Starts following the journal at `path`.
    private mutating func start(_ path: String) {
        dirty = true
        ended = false
        stopped = false
        status = nil
        session = nil
        do {
            tail = try JournalTail(path: path)
        } catch {
            tail = nil
            status = error.message
        }
    }

    /// Applies what the journal gained since the last look.
    private mutating func readJournal() {
        guard let tail else { return }
        let change = tail.read()
        if case .lines(let lines) = change, lines.isEmpty { return }
        dirty = true
        switch change {
        case .cutShort:
            session = nil
            ended = false
            status = "The session's journal was cut short; reading it again from the start."
        case .deleted:
            self.tail = nil
            if !ended {
                session = nil
                status = "The session's journal was deleted." + (given == nil ? " Waiting for a live session…" : "")
            }
        case .lines(let lines):
            for line in lines { take(line) }
        }
    }

    private mutating func take(_ line: Journal.Line) {
        switch line {
        case .start(let schema, _, let paths):
            if let problem = Journal.unsupported(schema) {
                session = nil
                status = "The session's journal cannot be shown: \(problem)."
            } else if session == nil {
                // (A second start line, in a damaged journal, changes nothing, as for --resume.)
                session = makeSession(paths)
            }
        case .event(let event):
            guard session != nil else { return }
            // A new event: whoever writes the journal is there (again, after a --resume).
            stopped = false
            if let problem = session!.apply(event) { status = problem }
            else if !ended { status = nil }
        case .end:
            ended = true
            // The words of the language on screen.
            let words = Chrome.forLanguage(session.flatMap { s in s.current.map { s.displayTree(Int($0.tree)).lang } ?? s.lang })
            status = words.sessionEnded + (screen && given == nil ? " " + words.nextSession : "")
        case .problem(let problem):
            status = "The journal has a line that cannot be read: \(problem)."
        case .other:
            break
        }
    }

    /// A session on the trees a journal's start line names (or `--trees`,
    /// or the default trees).
    private mutating func makeSession(_ named: [String]) -> Session? {
        var paths = trees
        if paths.isEmpty {
            paths = !named.isEmpty && named.allSatisfy({ FileSystem.kind($0) != .missing })
                ? named : DefuseCLI.treePaths([], environment: console.environment)
        }
        if library?.paths != paths {
            let result = Loader(limits: limits).load(paths: paths)
            if result.hasErrors {
                let first = result.diagnostics.sortedForDisplay().first { $0.severity == .error }
                status = "The session's trees do not load: " + (first.map { DefuseCLI.format($0, style: Style(enabled: false)) } ?? "errors")
                library = nil
                return nil
            }
            library = (paths, result.library)
        }
        return Session(library: library!.library, clock: { Timestamp.now() })
    }

    /// Whether the writer is still there; and, when following the newest
    /// session, whether a newer one started.
    private mutating func lookAround() {
        if let tail, !ended {
            let live = Journal.isLive(tail.path)
            if !live && !stopped {
                stopped = true
                dirty = true
                status = "The session stopped without ending ('defuse --resume' in its terminal takes it up again)."
            } else if live && stopped {
                stopped = false
                dirty = true
                status = nil
            }
        }
        guard given == nil, let sessions else { return }
        if let newest = Journal.newestLive(in: sessions), newest != tail?.path {
            // Another session is live: follow it once the one shown is over (or was never there).
            if tail == nil || ended || stopped { start(newest) }
        }
    }

    /// Draws the view when it changed (or the terminal's size did).
    private mutating func draw() {
        let size = console.out.size ?? (80, 24)
        let (width, height) = (size.columns > 0 ? size.columns : 80, size.rows > 0 ? size.rows : 24)
        guard dirty || (width, height) != lastSize else { return }
        dirty = false
        let view = AudienceView(style: screen ? style : Style(enabled: false), width: width)
        var frame: [String]
        if let session {
            frame = view.lines(session, status: status)
        } else {
            frame = view.waiting(status ?? "No live session yet: start defuse in another terminal.")
        }
        if screen { frame = AudienceView.fit(frame, height: height) }
        guard frame != lastFrame || (width, height) != lastSize else { return }
        lastFrame = frame
        lastSize = (width, height)
        if screen {
            // Home, each line over the old one, the rest cleared: no flicker.
            console.out.write("\u{1B}[H" + frame.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n") + "\u{1B}[J")
        } else {
            if framesPrinted > 0 { console.out.line(String(repeating: "-", count: min(width, 40))) }
            console.out.write(frame.map { $0 + "\n" }.joined())
            framesPrinted += 1
        }
        console.out.flush()
    }
}
