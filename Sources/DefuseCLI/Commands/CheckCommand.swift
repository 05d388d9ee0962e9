import DefuseCore

/// `defuse check [PATH...]`: load trees, print every finding, exit 0/1/2.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        summary: "Check trees for errors and warnings.",
        usage: ["check [--trees <path>]... [--strict [--max-steps <n>] [--max-phrase-words <n>]] [--json] [PATH...]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--json"], help: "Print one JSON object with the counts and every finding."),
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ] + strictOptions,
        discussion: """
          Reads .tree files and folders of them (default: the bundled trees), with their
          translations in language folders (nl/, es/, ...), and prints every problem as
            path:line:column: error|warning: message
          then a summary on standard error. Exit status: 0 without errors (warnings are
          allowed), 1 with errors, 2 for a usage error.
          """,
        operands: .trees)

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        let limits: Limits
        let style: Style
        let lint: LintOptions?
        do {
            lint = try lintOptions(args)
            limits = try DefuseCLI.limits(from: args)
            style = try DefuseCLI.style(args, for: console.out, environment: console.environment)
        } catch {
            console.err.line("defuse: \(error.message) (see 'defuse help check')")
            return ExitCode.usage
        }
        let paths = DefuseCLI.treePaths(args.all("--trees") + args.positionals, environment: console.environment)
        let result = Loader(limits: limits, checksTranslations: true).load(paths: paths)
        var linted: [Diagnostic] = []
        if let lint {
            let (phrasing, problems) = PhrasingList.find(beside: paths, limit: limits.maxFileSize)
            linted = problems + Lint(library: result.library, options: lint, phrasing: phrasing).run()
                + result.unrecorded.map(TranslationRecord.unrecorded)
        }
        let diagnostics = (result.diagnostics + linted).sortedForDisplay()
        if args.has("--json") {
            var items: [JSON] = []
            for d in diagnostics {
                items.append(.object([
                    ("file", .string(d.location.file)),
                    ("line", .int(d.location.line)),
                    ("column", .int(d.location.column)),
                    ("severity", .string(d.severity.rawValue)),
                    ("message", .string(d.message)),
                ]))
            }
            let json = JSON.object([
                ("trees", .int(result.library.trees.count)),
                ("nodes", .int(result.library.nodeCount)),
                ("translations", .int(result.library.translationCount)),
                ("errors", .int(diagnostics.errorCount)),
                ("warnings", .int(diagnostics.warningCount)),
                ("diagnostics", .array(items)),
            ])
            console.out.line(json.serialized())
        } else {
            for d in diagnostics {
                console.out.line(DefuseCLI.format(d, style: style))
            }
            console.out.flush()
            console.err.line(DefuseCLI.summary(result.library, diagnostics))
        }
        return diagnostics.errorCount > 0 ? ExitCode.failure : ExitCode.success
    }
}
