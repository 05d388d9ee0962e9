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

    static let treesOption = OptionSpec(["--trees"], value: "path", repeatable: true,
                                        help: "A .tree file or a folder of them (repeatable). Default: the bundled trees.")
    static let colorOption = OptionSpec(["--color"], value: "when", help: "Colour and bold: auto (default), always or never.")
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
            Command(spec: ReplayCommand.spec, run: ReplayCommand.run),
            Command(spec: GraphCommand.spec, run: GraphCommand.run),
            Command(spec: helpSpec, run: runHelp),
        ]
    }

    static let helpSpec = CommandSpec(
        name: "help", summary: "Show help for defuse or one of its commands.",
        usage: ["help [COMMAND]"], options: [])

    /// Entry point for the executable.
    /// Set by `main`: the process ends right after the command, so what a
    /// command loaded can be left for `exit` to reclaim instead of being
    /// freed node by node (measurable on big trees and at start-up).
    nonisolated(unsafe) static var exitsAfterRun = false
    nonisolated(unsafe) static var keptUntilExit: [Library] = []

    /// Keeps `library` alive until the process exits, when running as the executable.
    static func keepUntilExit(_ library: Library) {
        if exitsAfterRun { keptUntilExit.append(library) }
    }

    public static func main() -> Never {
        exitsAfterRun = true
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
        let valueTaking = Set(commands.flatMap { $0.spec.options.filter(\.takesValue).flatMap(\.names) })
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

    // MARK: - Shared by commands that read trees

    /// The paths to load: those given, else `$DEFUSE_TREES`, else `./Trees`,
    /// else `<executable>/../share/defuse/Trees`.
    static func treePaths(_ given: [String], environment: [String: String]) -> [String] {
        if !given.isEmpty { return given }
        if let env = environment["DEFUSE_TREES"], !env.isEmpty {
            return env.split(separator: ":").map(String.init)
        }
        if FileSystem.kind("Trees") == .directory { return ["Trees"] }
        if let exe = executablePath() {
            let share = FileSystem.join(FileSystem.dirName(FileSystem.dirName(exe)), "share/defuse/Trees")
            if FileSystem.kind(share) == .directory { return [share] }
        }
        return ["Trees"]
    }

    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    enum Loaded {
        case trees(LoadResult, Style)
        case failed(Int32)
    }

    /// Loads the trees a command reads (`--trees`, then the given paths, else
    /// the bundled trees). On a usage problem or errors in the trees, prints
    /// them and a summary on standard error and says which exit status to use.
    static func loadTrees(_ args: ParsedArguments, given: [String], command: String,
                          console: inout Console) -> Loaded {
        let limits: Limits
        let style: Style
        do {
            limits = try DefuseCLI.limits(from: args)
            style = try DefuseCLI.style(args, for: console.out, environment: console.environment)
        } catch {
            let help = command.isEmpty ? "defuse --help" : "defuse help \(command)"
            console.err.line("defuse: \(error.message) (see '\(help)')")
            return .failed(ExitCode.usage)
        }
        let result = Loader(limits: limits).load(paths: treePaths(given, environment: console.environment))
        keepUntilExit(result.library)
        if result.hasErrors || result.library.trees.isEmpty {
            let errStyle = (try? DefuseCLI.style(args, for: console.err, environment: console.environment)) ?? Style(enabled: false)
            let diagnostics = result.diagnostics.sortedForDisplay()
            for d in diagnostics where d.severity == .error { console.err.line(format(d, style: errStyle)) }
            console.err.line(summary(result.library, diagnostics) + " (fix the errors, or 'defuse check' for details)")
            return .failed(ExitCode.failure)
        }
        return .trees(result, style)
    }

    static func limits(from args: ParsedArguments) throws(UsageError) -> Limits {
        var limits = Limits()
        if let text = args.value("--max-file-size") {
            guard let n = parseSize(text) else {
                throw UsageError("bad size '\(Visible.escape(text))' for --max-file-size (use bytes, or a K or M suffix)", command: "")
            }
            limits.maxFileSize = n
        }
        return limits
    }

    static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var scale = 1
        if let last = digits.last?.uppercased() {
            if last == "K" { scale = 1 << 10; digits = digits.dropLast() }
            else if last == "M" { scale = 1 << 20; digits = digits.dropLast() }
            else if last == "G" { scale = 1 << 30; digits = digits.dropLast() }
        }
        guard let n = Int(digits), n >= 0, n <= Int.max / scale else { return nil }
        return n * scale
    }

    static func style(_ args: ParsedArguments, for output: Output, environment: [String: String]) throws(UsageError) -> Style {
        var mode = Style.Mode.auto
        if let text = args.value("--color") {
            guard let m = Style.Mode(rawValue: text) else {
                throw UsageError("bad value '\(Visible.escape(text))' for --color (use auto, always or never)", command: "")
            }
            mode = m
        }
        return Style(mode: mode, isTerminal: output.isTerminal, environment: environment)
    }

    /// One diagnostic as `path:line:col: error: message` (no line for a whole-file problem).
    static func format(_ d: Diagnostic, style: Style) -> String {
        let place = d.location.line > 0
            ? "\(Visible.escape(d.location.file)):\(d.location.line):\(d.location.column):"
            : "\(Visible.escape(d.location.file)):"
        let kind = d.severity == .error ? style.red("error:") : style.magenta("warning:")
        return "\(style.bold(place)) \(kind) \(Visible.escape(d.message))"
    }

    static func summary(_ library: Library, _ diagnostics: [Diagnostic]) -> String {
        var parts = [plural(library.trees.count, "tree"), plural(library.nodeCount, "node")]
        if library.translationCount > 0 { parts.append(plural(library.translationCount, "translation")) }
        return parts.joined(separator: ", ") + ": "
            + plural(diagnostics.errorCount, "error") + ", " + plural(diagnostics.warningCount, "warning")
    }
}

func plural(_ n: Int, _ word: String) -> String {
    n == 1 ? "1 \(word)" : "\(n) \(word)s"
}
