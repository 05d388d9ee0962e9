#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCore

struct Command {
    var spec: CommandSpec
    var run: (ParsedArguments, inout Console) -> Int32
}

public enum DefuseCLI {
    public static let version = "0.1.0"

    static let treesOption = OptionSpec(["--trees"], value: "path", kind: .trees, repeatable: true,
                                        help: "A .tree file or a folder of them (repeatable). Default: the bundled trees.")
    static let colorOption = OptionSpec(["--color"], value: "when", kind: .oneOf(Style.Mode.allCases.map(\.rawValue)),
                                        help: "Colour and bold; auto (the default) colours a terminal unless NO_COLOR is set or TERM is dumb.")
    static let maxFileSizeOption = OptionSpec(["--max-file-size"], value: "bytes",
                                              help: "Refuse tree files larger than this (default 64M; K and M suffixes).")

    static var commands: [Command] {
        [
            Command(spec: REPLCommand.spec, run: REPLCommand.run),
            Command(spec: CheckCommand.spec, run: CheckCommand.run),
            Command(spec: RunCommand.spec, run: RunCommand.run),
            Command(spec: PathsCommand.spec, run: PathsCommand.run),
            Command(spec: WalkCommand.spec, run: WalkCommand.run),
            Command(spec: CoverageCommand.spec, run: CoverageCommand.run),
            Command(spec: ReportCommand.spec, run: ReportCommand.run),
            Command(spec: ReplayCommand.spec, run: ReplayCommand.run),
            Command(spec: GraphCommand.spec, run: GraphCommand.run),
            Command(spec: FollowCommand.spec, run: FollowCommand.run),
            Command(spec: MarkTranslatedCommand.spec, run: MarkTranslatedCommand.run),
            Command(spec: FmtCommand.spec, run: FmtCommand.run),
            Command(spec: CompletionCommand.spec, run: CompletionCommand.run),
            Command(spec: helpSpec, run: runHelp),
        ]
    }

    /// Every option name, of any command, that takes a value: the words to
    /// skip, with their values, when looking for the command on a line (here
    /// and in the shell completions).
    static var valueTakingOptions: [String] {
        var seen = Set<String>()
        return commands.flatMap { $0.spec.options.filter(\.takesValue).flatMap(\.names) }.filter { seen.insert($0).inserted }
    }

    static let helpSpec = CommandSpec(
        name: "help", summary: "Show help for defuse or one of its commands.",
        usage: ["help [COMMAND]", "help --man"],
        options: [OptionSpec(["--man"], help: "Print this manual as a man page, defuse(1), in roff (try: defuse help --man | man -l -).")],
        operands: .command)

    /// Entry point for the executable.
    public static func main() -> Never {
        signal(SIGPIPE, SIG_IGN)
        var console = Console.standard()
        let status = run(Array(CommandLine.arguments.dropFirst()), console: &console)
        console.flush()
        exit(status)
    }

    public static func run(_ args: [String], console: inout Console) -> Int32 {
        if args.first == "--version" || args == ["-V"] {
            console.out.line("defuse \(version)")
            return ExitCode.success
        }
        // The first word that is not an option (nor an option's value) may name a command.
        var index: Int?
        var i = 0
        let valueTaking = Set(valueTakingOptions)
        while i < args.count {
            let a = args[i]
            if a == "--" { break }
            if a.hasPrefix("-") && a != "-" {
                if valueTaking.contains(a) { i += 1 }
                i += 1
                continue
            }
            index = i
            break
        }
        var command = commands[0]
        var rest = args
        if let index {
            let word = args[index]
            if let found = commands.first(where: { $0.spec.name == word }), found.spec.name != "" {
                command = found
                rest.remove(at: index)
            } else if FileSystem.kind(word) == .missing, !word.contains("/"), !word.hasSuffix(".tree") {
                var message = "unknown command '\(Visible.escape(word))'"
                let names = commands.map(\.spec.name).filter { !$0.isEmpty }
                if let near = nearest(word, in: names) { message += "; did you mean '\(near)'?" }
                console.err.line("defuse: \(message) (see 'defuse --help')")
                return ExitCode.usage
            }
        }
        do {
            let parsed = try ParsedArguments.parse(rest, spec: command.spec)
            if parsed.has("--help") {
                console.out.write(helpText(for: command.spec))
                return ExitCode.success
            }
            return command.run(parsed, &console)
        } catch {
            let help = error.command.isEmpty ? "defuse --help" : "defuse help \(error.command)"
            console.err.line("defuse: \(error.message) (see '\(help)')")
            return ExitCode.usage
        }
    }

    static func helpText(for spec: CommandSpec) -> String {
        if spec.name.isEmpty {
            var text = spec.helpText()
            text += "\nCOMMANDS:\n"
            let subs = commands.filter { !$0.spec.name.isEmpty }
            let width = subs.map { $0.spec.name.count }.max() ?? 0
            for c in subs {
                text += "  " + c.spec.name + String(repeating: " ", count: width - c.spec.name.count + 2) + c.spec.summary + "\n"
            }
            text += "\n  See 'defuse help <command>' for details, and 'help' inside the session for its commands.\n"
            return text
        }
        return spec.helpText()
    }

    static func runHelp(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        if args.has("--man") {
            console.out.write(ManPage().roff())
            return ExitCode.success
        }
        guard let name = args.positionals.first else {
            console.out.write(helpText(for: commands[0].spec))
            return ExitCode.success
        }
        guard let command = commands.first(where: { $0.spec.name == name && !name.isEmpty }) else {
            var message = "no help for '\(Visible.escape(name))': no such command"
            if let near = nearest(name, in: commands.map(\.spec.name)) { message += "; did you mean '\(near)'?" }
            console.err.line("defuse: \(message) (see 'defuse --help')")
            return ExitCode.usage
        }
        console.out.write(helpText(for: command.spec))
        return ExitCode.success
    }
}

func plural(_ n: Int, _ word: String) -> String {
    n == 1 ? "1 \(word)" : "\(n) \(word)s"
}
