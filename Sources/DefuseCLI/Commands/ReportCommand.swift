import DefuseCore

/// `defuse report PATH...`: a workshop's saved paths on one page.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "A workshop's saved paths on one page: outcomes, a heat map, what to try next.",
        usage: ["report [--format \(ReportExporter.Format.choices)] [--trees <path>]... [-o FILE [--force]] PATH..."],
        options: [
            OptionSpec(["--format"], value: "format", kind: .oneOf(ReportExporter.Format.allCases.map(\.rawValue)), help: "md (Markdown with Mermaid pictures, the default) or json (defuse.report/1)."),
            DefuseCLI.treesOption,
            OptionSpec(["--output", "-o"], value: "file", kind: .file(suffix: nil), help: "Write the report to this file (atomically) instead of standard output."),
            OptionSpec(["--force", "-f"], help: "With -o: overwrite the file if it exists."),
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Reads paths saved with 'export json' (schema defuse.path/1), given as files or
          folders of them (walked for .json files, subfolders too), and reports, for the
          whole set and for each tree walked: sessions and steps, the outcomes reached, a
          heat map of the tree (each node and choice shaded by how many sessions passed
          through it), where walks stopped or went back, the choices nobody took and the
          nearest one to start from next time, the customer's intensity across sessions,
          drill results by node with what trainees said, every note by node, and the
          sessions made with an older version of a tree. It counts as 'defuse coverage'
          does. A file that is not a saved path is reported on standard error with the
          JSON path of the problem; the others are still reported, and the exit status
          is 1. Examples/REPORT-SCHEMA.md describes the JSON. For example:
            defuse report workshop/ -o workshop-report.md
          """,
        operands: .file(suffix: ".json"))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            return usage("report needs saved paths: defuse report FILE.json|FOLDER...", &console)
        }
        let formatName = args.value("--format") ?? ReportExporter.Format.md.rawValue
        guard let format = ReportExporter.Format(rawValue: formatName) else {
            return usage("bad value '\(formatName)' for --format (use \(ReportExporter.Format.allCases.map(\.rawValue).joined(separator: " or ")))", &console)
        }
        // `-o -` is standard output, as without -o.
        let output = args.value("--output").flatMap { $0 == "-" ? nil : $0 }
        if args.has("--force") && output == nil {
            return usage("--force only applies with -o FILE", &console)
        }
        if output == "" { return usage("-o needs a file name", &console) }
        guard case .trees(let loaded, _) = DefuseCLI.loadTrees(args, given: args.all("--trees"), command: "report", console: &console) else {
            return ExitCode.failure
        }
        let library = loaded.library
        let maxSize = (try? DefuseCLI.limits(from: args))?.maxFileSize ?? Limits().maxFileSize
        var builder = WorkshopReport.Builder(library: library)
        let problems = PathFile.readAll(args.positionals, limit: maxSize) { file, doc in
            builder.add(doc, name: file)
        }
        let errStyle = (try? DefuseCLI.style(args, for: console.err, environment: console.environment)) ?? Style(enabled: false)
        for p in problems { console.err.line(errStyle.red("error:") + " " + Visible.escape(p.description)) }
        let report = builder.finish()
        guard !report.sessions.isEmpty else {
            console.err.line("defuse: no saved path could be read; no report")
            return ExitCode.failure
        }
        if !problems.isEmpty {
            console.err.line("defuse: \(plural(problems.count, "file")) could not be read as a saved path; "
                             + "the report covers the other \(plural(report.sessions.count, "session"))")
        }
        let text = ReportExporter(report: report, library: library, version: DefuseCLI.version).render(format)
        let status = problems.isEmpty ? ExitCode.success : ExitCode.failure
        guard let output else {
            console.out.write(text)
            return status
        }
        if case .other = FileSystem.kind(output) {
            console.err.line("defuse: cannot write the report to \(Visible.escape(output)): not a regular file")
            return ExitCode.failure
        }
        switch AtomicFile.write(Array(text.utf8), to: output, overwrite: args.has("--force")) {
        case .failure(let failure):
            console.err.line("defuse: cannot write the report to \(Visible.escape(output)): \(failure.message)")
            return ExitCode.failure
        case .success:
            console.out.line("Wrote \(Visible.escape(output)): a report of \(plural(report.sessions.count, "session")) (\(plural(report.steps, "step"))).")
            return status
        }
    }

    static func usage(_ message: String, _ console: inout Console) -> Int32 {
        console.err.line("defuse: \(Visible.escape(message)) (see 'defuse help report')")
        return ExitCode.usage
    }
}
