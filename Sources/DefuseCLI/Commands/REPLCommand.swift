#if canImport(Glibc)
import Glibc
#endif
import DefuseCore
import LineEditor

/// `defuse [PATH...]`: the interactive session (libedit on a terminal), or
/// script mode when standard input is not a terminal.
enum REPLCommand {
    static let sessionOptions: [OptionSpec] = [
        DefuseCLI.treesOption,
        OptionSpec(["-c", "--command"], value: "commands", repeatable: true,
                   help: "Run these commands (separated by ';') instead of reading input."),
        OptionSpec(["--json"], help: "One JSON object per line for every command's result."),
        OptionSpec(["--bail"], help: "In script mode, stop at the first command that fails."),
        OptionSpec(["--lang"], value: "code", kind: .listed(.languages), help: "Show the trees in this language (e.g. nl, es, el, fi)."),
        OptionSpec(["--open"], value: "tree", kind: .listed(.trees), help: "Open this tree at the start."),
        OptionSpec(["--quiz"], help: "Start in quiz mode: phrases stay hidden until 'reveal'."),
        OptionSpec(["--drill"], help: "Start in drill mode: your words first ('say'), then the playbook's."),
        resumeOption,
        DefuseCLI.colorOption,
        DefuseCLI.maxFileSizeOption,
    ]

    static let spec = CommandSpec(
        name: "",
        summary: "Step through decision trees for angry, rude and abusive customers.",
        usage: ["[OPTIONS] [PATH...]", "[OPTIONS] -c 'open angry; 1; path'", "<command> [OPTIONS]"],
        options: [OptionSpec(["--version"], help: "Show the version."), noRCOption] + sessionOptions,
        discussion: """
          With no arguments, opens an interactive session on the bundled trees. PATHs are
          .tree files or folders. When standard input is not a terminal, reads commands from
          it, one per line (script mode); lines starting with # are comments. The exit
          status is 1 if any command failed, else 0.
          """,
        operands: .trees)

    static let noRCOption = OptionSpec(["--no-rc"], help: "Do not run the commands in the rc file (~/.config/defuse/defuserc).")

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        runSession(args, console: &console, scriptFile: nil)
    }

    /// Shared by `defuse`, `defuse run FILE` and `defuse -c ...`.
    static func runSession(_ args: ParsedArguments, console: inout Console, scriptFile: String?) -> Int32 {
        let loaded = DefuseCLI.loadTrees(args, given: args.all("--trees") + args.positionals, command: scriptFile == nil ? "" : "run",
                                         console: &console)
        guard case .trees(let result, let style) = loaded else {
            if case .failed(let status) = loaded { return status }
            return ExitCode.failure
        }
        let diagnostics = result.diagnostics
        let clock = console.now
        var session = Session(library: result.library, clock: { clock() })
        let interpreter = Interpreter(session: session, style: style, json: args.has("--json"), console: console)
        interpreter.style = style
        interpreter.treePaths = DefuseCLI.treePaths(args.all("--trees") + args.positionals, environment: console.environment)

        // Where commands come from.
        let commands = args.all("--command")
        let interactive = commands.isEmpty && scriptFile == nil && console.inputIsTerminal && console.out.isTerminal
        // The rc file first, so the command line has the last word.
        var rcCommands = 0
        var rcPath: String?
        if interactive && !args.has("--no-rc") && !args.has("--resume"),
           let path = StateDirectory.rcFile(environment: console.environment) {
            rcPath = path
            rcCommands = RCFile.run(path, in: interpreter)
            session = interpreter.session
        }
        if let code = args.value("--lang") {
            do { try session.setLang(code) } catch {
                console.err.line("defuse: \(error.message)")
                return ExitCode.usage
            }
        }
        if args.has("--quiz") { session.setQuiz(true) }
        if args.has("--drill") { session.setDrill(true) }
        if let tree = args.value("--open") {
            do { try session.open(tree) } catch {
                console.err.line("defuse: \(error.message)")
                return ExitCode.usage
            }
        } else if result.library.trees.count == 1 && session.current == nil {
            _ = try? session.open(result.library.trees[0].id)
        }
        var resumed: String?
        if args.has("--resume") {
            switch resume(&session, console: console) {
            case .failure(let failure): return failure.status
            case .success(let path): resumed = path
            }
        }
        interpreter.session = session

        let source: LineSource
        if !commands.isEmpty {
            let text = commands.flatMap { $0.split(separator: ";").map { String($0) } }.joined(separator: "\n")
            source = PlainLineSource(text: text)
        } else if let scriptFile {
            let fd = open(scriptFile, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                console.err.line("defuse: \(Visible.escape(scriptFile)): cannot open: \(FileSystem.errnoMessage())")
                return ExitCode.failure
            }
            source = PlainLineSource(fd: fd)
            interpreter.scriptName = scriptFile
        } else if interactive, let editor = EditLineSource(program: "defuse", history: startHistory(interpreter)) {
            editor.completer = { [unowned interpreter] line in
                Completer(session: interpreter.session).complete(line)
            }
            editor.listCandidates = { [unowned interpreter] items in
                let out = interpreter.console.out
                out.write("\n" + columns(items.map { Visible.escape($0) }, width: out.columns))
                out.flush()
            }
            source = editor
        } else {
            source = PlainLineSource(fd: console.inputFD)
            if !interactive && !console.inputIsTerminal { interpreter.scriptName = "<stdin>" }
        }

        if interactive {
            interpreter.blocks = Console.showsBlocks(console.environment)
            console.out.dropOnInterrupt = true
            greet(interpreter, warnings: diagnostics.warningCount, rc: rcCommands > 0 ? (rcCommands, rcPath ?? "") : nil)
            startJournal(interpreter, resumed: resumed)
        }
        return loop(interpreter, source: source, interactive: interactive, bail: args.has("--bail"))
    }

    /// Reads the history file into the interpreter; what Up recalls at first.
    static func startHistory(_ interpreter: Interpreter) -> [String] {
        guard let state = StateDirectory(environment: interpreter.console.environment) else { return [] }
        interpreter.history = History(path: state.history)
        return interpreter.history?.loaded ?? []
    }

    /// The first screen: the version and what is loaded, then where the
    /// session is (after the rc file's `rc.commands` from `rc.path`).
    static func greet(_ interpreter: Interpreter, warnings: Int, rc: (commands: Int, path: String)? = nil) {
        let s = interpreter.style
        let r = interpreter.renderer
        let lib = interpreter.session.library
        var text = r.wrap(s.bold("defuse \(DefuseCLI.version)") + s.dim(" · de-escalation training · \(plural(lib.trees.count, "tree")), \(lib.languages.count) languages"),
                          indent: "  ", firstIndent: "") + "\n"
        if warnings > 0 { text += s.dim(r.wrap("(\(plural(warnings, "warning")) in the trees: 'defuse check' shows them)", indent: " ", firstIndent: "")) + "\n" }
        if let rc { text += s.dim(r.wrap("(\(plural(rc.commands, "command")) from \(Visible.escape(rc.path)))", indent: " ", firstIndent: "")) + "\n" }
        interpreter.console.out.write(text)
        if let ref = interpreter.session.current {
            interpreter.console.out.write("\n" + r.node(interpreter.session, ref))
        } else {
            interpreter.console.out.write("\n" + r.trees(interpreter.session))
            interpreter.console.out.write("\n" + s.dim(r.wrap("Type a number to open a tree, 'help' for commands, Tab to complete.", indent: "", firstIndent: "")) + "\n")
        }
        interpreter.console.out.flush()
    }

    static func loop(_ interpreter: Interpreter, source: LineSource, interactive: Bool, bail: Bool) -> Int32 {
        Signals.install()
        let console = interpreter.console
        var status = ExitCode.success
        reading: while true {
            // A SIGTERM or SIGHUP that came while a command ran ends the session
            // now; so does SIGINT in script mode (there is no line to cancel).
            let pending = Signals.take()
            if pending == SIGTERM || pending == SIGHUP || (pending == SIGINT && !interactive) {
                status = 128 + pending
                break
            }
            // A Ctrl-C while a command ran cancels what was typed ahead too.
            if pending == SIGINT { source.discardTypedAhead() }
            console.out.flush()
            // Nobody reads the output any more (`defuse < script | head`):
            // running the rest of the commands would only waste time.
            if console.out.broken { break }
            let event = source.read(prompt: interactive ? interpreter.prompt : "")
            if case .line = event { interpreter.lineNumber += 1 }
            switch event {
            case .line(let line):
                let trimmed = line.trimmingASCIIWhitespace()
                if interactive && !trimmed.isEmpty {
                    source.addHistory(String(trimmed))
                    interpreter.history?.add(String(trimmed))
                }
                // A Ctrl-C that came just as the line was read must
                // not cut short this command's output (see Output.dropOnInterrupt).
                if interactive && Signals.peek() == SIGINT { _ = Signals.take() }
                guard let reply = interpreter.execute(line) else { continue }
                if reply.quit { break reading }
                if reply.failed {
                    status = ExitCode.failure
                    if bail && !interactive { break reading }
                }
            case .interrupted:
                let sig = Signals.take()
                if sig == SIGTERM || sig == SIGHUP || (sig == SIGINT && !interactive) {
                    status = 128 + sig
                    break reading
                }
                // Ctrl-C: drop the line being typed (and anything typed ahead,
                // as the terminal does for a Ctrl-C key) and prompt again.
                if interactive {
                    source.discardTypedAhead()
                    console.out.write("\n")
                }
            case .end:
                if interactive { console.out.write("\n") }
                break reading
            case .rejected(let reason):
                interpreter.lineNumber += 1
                interpreter.failures += 1
                interpreter.emit(.error(reason), input: "")
                status = ExitCode.failure
                if bail && !interactive { break reading }
            }
        }
        if let failure = interpreter.history?.save() {
            interpreter.errorLine(interpreter.style.yellow("warning:") + " history not saved: \(Visible.escape(failure))")
        }
        // A clean end (quit, Ctrl-D) closes the journal; a signal leaves it for --resume.
        if status < 128 { interpreter.journal?.finish(now: console.now()) }
        console.out.flush()
        console.err.flush()
        if !interactive && interpreter.failures > 0 && status == ExitCode.success { status = ExitCode.failure }
        return status
    }
}
