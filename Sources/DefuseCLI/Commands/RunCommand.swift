import DefuseCore

/// `defuse run FILE`: a script of session commands.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run",
        summary: "Run a script of session commands from a file.",
        usage: ["run FILE [--trees <path>]... [--json] [--bail]"],
        options: REPLCommand.sessionOptions,
        discussion: """
          Runs the commands in FILE, one per line, as if typed in a session (lines starting
          with # are comments). Errors go to standard error as FILE:LINE: error: ...; the
          exit status is 1 if any command failed. --bail stops at the first failure.
          """,
        operands: .file(suffix: nil))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard let file = args.positionals.first else {
            console.err.line("defuse: run needs a script file: defuse run FILE (see 'defuse help run')")
            return ExitCode.usage
        }
        var rest = args
        rest.positionals.removeFirst()
        return REPLCommand.runSession(rest, console: &console, scriptFile: file)
    }
}
