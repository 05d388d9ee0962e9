#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCore

/// What the commands that read trees share: where the trees are, loading them
/// with the limits and colours asked for, and printing what was found.
extension DefuseCLI {
    /// Where `make install` puts the bundled trees, under its PREFIX; an
    /// installed defuse finds them from its own place, PREFIX/bin.
    static let installedTrees = "share/defuse/Trees"

    /// The paths to load: those given, else `$DEFUSE_TREES`, else `./Trees`,
    /// else `<executable>/../share/defuse/Trees`.
    static func treePaths(_ given: [String], environment: [String: String]) -> [String] {
        if !given.isEmpty { return given }
        if let env = environment["DEFUSE_TREES"], !env.isEmpty {
            return env.split(separator: ":").map(String.init)
        }
        if FileSystem.kind("Trees") == .directory { return ["Trees"] }
        if let exe = FileSystem.executablePath() {
            let share = FileSystem.join(FileSystem.dirName(FileSystem.dirName(exe)), installedTrees)
            if FileSystem.kind(share) == .directory { return [share] }
        }
        return ["Trees"]
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
        guard let (limits, style) = limitsAndStyle(args, for: console.out, command: command, console: &console) else {
            return .failed(ExitCode.usage)
        }
        let result = Loader(limits: limits).load(paths: treePaths(given, environment: console.environment))
        if result.hasErrors || result.library.trees.isEmpty {
            let errStyle = (try? DefuseCLI.style(args, for: console.err, environment: console.environment)) ?? Style(enabled: false)
            let diagnostics = result.diagnostics.sortedForDisplay()
            for d in diagnostics where d.severity == .error { console.err.line(format(d, style: errStyle)) }
            console.err.line(summary(result.library, diagnostics) + " (fix the errors, or 'defuse check' for details)")
            return .failed(ExitCode.failure)
        }
        return .trees(result, style)
    }

    /// The limits (`--max-file-size`) and colours (`--color`, for `output`)
    /// a command's options ask for; nil after saying what is wrong with them.
    static func limitsAndStyle(_ args: ParsedArguments, for output: Output, command: String,
                               console: inout Console) -> (Limits, Style)? {
        do {
            return (try DefuseCLI.limits(from: args), try DefuseCLI.style(args, for: output, environment: console.environment))
        } catch {
            let help = command.isEmpty ? "defuse --help" : "defuse help \(command)"
            console.err.line("defuse: \(error.message) (see '\(help)')")
            return nil
        }
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
            guard let m = Style.Mode(rawValue: text) else { throw colorOption.refusal(text, command: "") }
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
