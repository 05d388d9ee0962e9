import DefuseCore

/// `defuse completion bash|zsh|fish`: a shell completion script; and
/// `defuse completion --list trees|languages|outcomes`: the names the scripts
/// offer from the trees in use.
enum CompletionCommand {
    static let listOption = OptionSpec(["--list"], value: "names", kind: .oneOf(LibraryNames.allCases.map(\.rawValue)),
                                       help: "Print the ids of the trees in use, their languages or their outcomes, one a line (what the scripts offer).")

    static let spec = CommandSpec(
        name: "completion",
        summary: "Print a shell completion script for bash, zsh or fish.",
        usage: ["completion \(Shell.choices)", "completion --list \(listOption.values!.joined(separator: "|")) [--trees <path>]..."],
        options: [
            listOption,
            DefuseCLI.treesOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Prints a script that teaches the shell to complete defuse's commands, their options
          and the options' values, file names where a command takes files, and the ids of the
          trees in use, which the script asks of defuse itself (with the --trees of the line
          being completed, else DEFUSE_TREES, else the bundled trees). 'make install' puts the
          scripts where the shells look for them. To try one in the shell at hand:
            source <(defuse completion bash)
            defuse completion fish | source
            source <(defuse completion zsh)     (after compinit)
          With --list, prints the names instead, for the scripts.
          """,
        operands: .oneOf(Shell.allCases.map(\.rawValue)))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        if let list = args.value("--list").flatMap(LibraryNames.init(rawValue:)) {
            guard args.positionals.isEmpty else {
                console.err.line("defuse: completion --list takes no shell (see 'defuse help completion')")
                return ExitCode.usage
            }
            return printNames(list, args, &console)
        }
        let shells = OptionSpec.alternatives(Shell.allCases.map(\.rawValue))
        guard args.positionals.count == 1, let name = args.positionals.first else {
            console.err.line("defuse: completion needs a shell: \(shells) (see 'defuse help completion')")
            return ExitCode.usage
        }
        guard let shell = Shell(rawValue: name) else {
            console.err.line("defuse: no completion for '\(Visible.escape(name))': use \(shells) (see 'defuse help completion')")
            return ExitCode.usage
        }
        console.out.write(shell.completionScript())
        return ExitCode.success
    }

    /// The names, one a line, from whatever trees load: a tree with errors
    /// still has an id worth completing, so findings are not printed.
    static func printNames(_ list: LibraryNames, _ args: ParsedArguments, _ console: inout Console) -> Int32 {
        let limits: Limits
        do {
            limits = try DefuseCLI.limits(from: args)
        } catch {
            console.err.line("defuse: \(error.message) (see 'defuse help completion')")
            return ExitCode.usage
        }
        let paths = DefuseCLI.treePaths(args.all(DefuseCLI.treesOption.key), environment: console.environment)
        let library = Loader(limits: limits).load(paths: paths).library
        for name in list.names(in: library) {
            // A name is one line of one word a shell can offer.
            let shown = Visible.escape(name)
            guard !shown.contains("\t") else { continue }
            console.out.line(shown)
        }
        return ExitCode.success
    }
}
