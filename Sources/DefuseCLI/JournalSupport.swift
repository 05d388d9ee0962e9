import DefuseCore

/// Autosave and `--resume`: the glue between `Journal` and the REPL.
extension Interpreter {
    /// Brings the journal up to the session after a command; warns once
    /// when autosave starts failing (the session goes on).
    func syncJournal() {
        guard let journal else { return }
        let hadFailed = journal.lastFailure != nil
        if let failure = journal.sync(session), !hadFailed {
            console.out.flush()
            console.err.line(style.yellow("warning:") + " autosave failed: \(Visible.escape(failure.message)); the session goes on ('export json' keeps the path)")
            console.err.flush()
        }
    }
}

extension REPLCommand {
    static let resumeOption = OptionSpec(["--resume"], help: "Pick up the last unfinished session (after a crash or a closed terminal).")

    /// `--resume`: restores the newest unfinished session into `session`.
    /// Returns the journal's path, or an exit status after printing why not.
    static func resume(_ session: inout Session, console: Console) -> Result<String, ExitStatus> {
        guard let dir = Journal.directory(environment: console.environment) else {
            console.err.line("defuse: cannot resume: neither XDG_STATE_HOME nor HOME is set")
            return .failure(ExitStatus(code: ExitCode.failure))
        }
        guard let path = Journal.newestUnfinished(in: dir) else {
            console.err.line("defuse: no unfinished session to resume (in \(Visible.escape(dir)))")
            return .failure(ExitStatus(code: ExitCode.failure))
        }
        let recovered: Journal.Recovered
        switch Journal.read(path, library: session.library) {
        case .failure(let f):
            console.err.line("defuse: cannot resume: \(Visible.escape(f.message))")
            return .failure(ExitStatus(code: ExitCode.failure))
        case .success(let r): recovered = r
        }
        for problem in recovered.problems {
            console.err.line("defuse: warning: \(Visible.escape(problem))")
        }
        guard let last = recovered.steps.last else {
            console.err.line("defuse: the unfinished session in \(Visible.escape(path)) has no steps to resume")
            return .failure(ExitStatus(code: ExitCode.failure))
        }
        session.restore(steps: recovered.steps, lang: recovered.lang)
        session.setQuiz(recovered.quiz)
        let lib = session.library
        let place = "\(lib.trees[Int(last.node.tree)].id)#\(lib.node(last.node).id)"
        let when = recovered.started.map { " of \($0.localMinute)" } ?? ""
        console.out.line("Resumed the session\(when): \(plural(recovered.steps.count, "step")), \(plural(recovered.noteCount, "note")), at \(Visible.escape(place)).")
        console.out.flush()
        return .success(path)
    }

    /// Starts autosave for an interactive session (continuing `resumed`'s
    /// journal when there is one). A failure is a warning, never fatal.
    static func startJournal(_ interpreter: Interpreter, resumed: String?) {
        let console = interpreter.console
        let result: Result<Journal, Journal.Failure>
        if let resumed {
            result = Journal.reopen(resumed, session: interpreter.session)
        } else if let dir = Journal.directory(environment: console.environment) {
            result = Journal.create(in: dir, session: interpreter.session, version: DefuseCLI.version, now: console.now())
        } else {
            return
        }
        switch result {
        case .success(let journal): interpreter.journal = journal
        case .failure(let f):
            console.err.line(interpreter.style.yellow("warning:") + " autosave is off: \(Visible.escape(f.message))")
            console.err.flush()
        }
    }
}

struct ExitStatus: Error {
    var code: Int32
}
