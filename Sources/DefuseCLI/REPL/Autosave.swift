import DefuseCore

/// Autosave and `--resume`: the glue between the session's events, its
/// `Journal` and the REPL.
extension Interpreter {
    /// Appends the session's new events to the journal after a command;
    /// warns once when autosave starts failing (the session goes on).
    func saveEvents() {
        guard let journal else { return }
        let hadFailed = journal.lastFailure != nil
        if let failure = journal.append(session.takeEvents()), !hadFailed {
            console.out.flush()
            errorLine(style.yellow("warning:") + " autosave failed: \(Visible.escape(failure.message)); the session goes on ('export json' keeps the path)")
        }
    }
}

extension REPLCommand {
    static let resumeOption = OptionSpec(["--resume"], help: "Pick up the last unfinished session (after a crash or a closed terminal).")

    /// `--resume`: replays the newest unfinished session into `session`.
    /// Returns the journal's path, or the exit status after saying why not.
    static func resume(_ session: inout Session, console: Console) -> Result<String, ExitCode.Failure> {
        guard let state = StateDirectory(environment: console.environment) else {
            console.err.line("defuse: cannot resume: neither XDG_STATE_HOME nor HOME is set")
            return .failure(ExitCode.Failure(ExitCode.failure))
        }
        guard let path = Journal.newestUnfinished(in: state.sessions) else {
            console.err.line("defuse: no unfinished session to resume (in \(Visible.escape(state.sessions)))")
            return .failure(ExitCode.Failure(ExitCode.failure))
        }
        var replayed = Session(library: session.library, clock: session.clock)
        let recovered: Journal.Recovered
        switch Journal.recover(path, into: &replayed) {
        case .failure(let f):
            console.err.line("defuse: cannot resume: \(Visible.escape(f.message))")
            return .failure(ExitCode.Failure(ExitCode.failure))
        case .success(let r): recovered = r
        }
        for problem in recovered.problems {
            console.err.line("defuse: warning: \(Visible.escape(problem))")
        }
        guard let last = replayed.current else {
            console.err.line("defuse: the unfinished session in \(Visible.escape(path)) has no steps to resume")
            return .failure(ExitCode.Failure(ExitCode.failure))
        }
        session = replayed
        let notes = replayed.steps.reduce(0) { $0 + $1.allNotes }
        let when = recovered.started.map { " of \($0.localMinute)" } ?? ""
        let line = "Resumed the session\(when): \(plural(replayed.steps.count, "step")), \(plural(notes, "note")), at \(Visible.escape(replayed.library.address(of: last)))."
        console.out.line(Renderer(style: Style(enabled: false), width: console.out.columns).wrap(line, indent: "  ", firstIndent: ""))
        console.out.flush()
        return .success(path)
    }

    /// Starts autosave for an interactive session (continuing `resumed`'s
    /// journal when there is one). A failure is a warning, never fatal.
    static func startJournal(_ interpreter: Interpreter, resumed: String?) {
        let console = interpreter.console
        let result: Result<Journal, Journal.Failure>
        if let resumed {
            result = Journal.reopen(resumed)
        } else if let state = StateDirectory(environment: console.environment) {
            result = Journal.create(in: state.sessions, session: interpreter.session, version: DefuseCLI.version, now: console.now(),
                                    paths: interpreter.treePaths.map(FileSystem.absolute))
        } else {
            return
        }
        switch result {
        case .success(let journal):
            interpreter.journal = journal
            interpreter.session.recording = true
        case .failure(let f):
            interpreter.errorLine(interpreter.style.yellow("warning:") + " autosave is off: \(Visible.escape(f.message))")
        }
    }
}
