import DefuseCore

/// `defuse completion bash|zsh|fish`: a shell completion script; and
/// `defuse completion --list trees|languages|outcomes [-- LINE...]`: the
/// names the scripts offer, from the trees the line being completed uses.
enum CompletionCommand {
    static let listOption = OptionSpec(["--list"], value: "names", kind: .oneOf(LibraryNames.allCases.map(\.rawValue)),
                                       help: "Print the ids of the trees in use, their languages or their outcomes, one a line (what the scripts offer).")

    static let spec = CommandSpec(
        name: "completion",
        summary: "Print a shell completion script for bash, zsh or fish.",
        usage: ["completion \(Shell.choices)",
                "completion --list \(listOption.values!.joined(separator: "|")) [--trees <path>]... [-- WORDS...]"],
        options: [
            listOption,
            DefuseCLI.treesOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Prints a script that teaches the shell to complete defuse's commands, their options
          and the options' values, file names where a command takes files, and the ids of the
          trees in use, which the script asks of defuse itself. 'make install' puts the
          scripts where the shells look for them. To try one in the shell at hand:
            source <(defuse completion bash)
            defuse completion fish | source
            source <(defuse completion zsh)     (after compinit)
          With --list, prints those names instead, one a line, for the scripts: of the trees
          that the command line in WORDS would read (its --trees, and its PATHs when its
          command reads trees), else of the trees named by --trees, else DEFUSE_TREES, else
          the bundled trees.
          """,
        operands: .oneOf(Shell.allCases.map(\.rawValue)))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        if let list = args.value("--list").flatMap(LibraryNames.init(rawValue:)) {
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
        let named = args.all(DefuseCLI.treesOption.key) + treePaths(inLine: args.positionals, environment: console.environment)
        let paths = DefuseCLI.treePaths(named, environment: console.environment)
        let library = Loader(limits: limits).load(paths: paths).library
        for name in list.names(in: library) {
            // A name is one line of one word a shell can offer.
            let shown = Visible.escape(name)
            guard !shown.contains("\t") else { continue }
            console.out.line(shown)
        }
        return ExitCode.success
    }

    /// The trees a command line (program name first, as typed) would read:
    /// the values of its --trees, and its operands when its command reads
    /// trees (`CommandSpec.operands` is `.trees`). The line may stop short,
    /// as lines being completed do; bash's separate '=' words are read too.
    static func treePaths(inLine line: [String], environment: [String: String]) -> [String] {
        let trees = DefuseCLI.treesOption.key
        let valueTaking = Set(DefuseCLI.valueTakingOptions)
        var command: CommandSpec?
        var paths: [String] = []
        var operands: [String] = []
        var onlyOperands = false
        var i = 1
        while i < line.count {
            let word = line[i]
            i += 1
            if !onlyOperands && word == "--" {
                onlyOperands = true
            } else if !onlyOperands && word.hasPrefix("-") && word != "-" {
                var name = word
                var value: String?
                if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
                    name = String(word[..<eq])
                    value = String(word[word.index(after: eq)...])
                } else if valueTaking.contains(word) {
                    if i < line.count, line[i] == "=" { i += 1 }
                    if i < line.count { value = line[i]; i += 1 }
                }
                if name == trees, let value, !value.isEmpty { paths.append(value) }
            } else if command == nil, operands.isEmpty, !onlyOperands,
                      let named = DefuseCLI.commands.first(where: { !word.isEmpty && $0.spec.name == word }) {
                command = named.spec
            } else {
                operands.append(word)
            }
        }
        if (command ?? REPLCommand.spec).operands == .trees { paths += operands }
        // The shell leaves ~ as typed in the words it hands over.
        let home = environment["HOME"] ?? ""
        return paths.map { $0.hasPrefix("~/") && !home.isEmpty ? home + $0.dropFirst() : $0 }
    }
}
