import DefuseCore

/// `defuse fmt [--check] PATH...`: lays tree files out the one canonical way
/// (`TreeFormatter`), in place, or with `--check` lists those that would change.
enum FmtCommand {
    static let spec = CommandSpec(
        name: "fmt",
        summary: "Lay tree files out the one canonical way (--check for CI).",
        usage: ["fmt [--check] PATH...", "fmt -"],
        options: [
            OptionSpec(["--check"], help: "Change nothing: list the files that would change, and exit 1 if any would."),
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Rewrites .tree files, and the .tree files in folders (translations too), in one
          layout: the metadata in a fixed order under the title or node header, one blank
          line between blocks, single spaces in '## id: Title', 'key: value', '> phrase'
          and '* label -> target', no trailing blanks. Comments stay where they are; the
          words, and what the checker sees, do not change; formatting twice changes nothing
          more. Each file keeps its line endings (LF or CRLF) and byte order mark.
          Files are written whole (a temporary file, then a rename) and keep their
          permissions; the files changed are listed. A file with errors is left as it is
          and its errors are printed ('defuse check' shows them too). 'defuse fmt -' reads
          a tree on standard input and prints it formatted.
          Exit status: 0 when every file is (now) formatted, 1 when a file has errors or
          cannot be written, or with --check when a file would change; 2 for a usage error.
          """,
        operands: .trees)

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard let (limits, style) = DefuseCLI.limitsAndStyle(args, for: console.err, command: "fmt", console: &console) else {
            return ExitCode.usage
        }
        let paths = args.positionals
        guard !paths.isEmpty else {
            console.err.line("defuse: fmt needs the files or folders to format: defuse fmt [--check] PATH... (see 'defuse help fmt')")
            return ExitCode.usage
        }
        let check = args.has("--check")
        if paths == ["-"] { return standardInput(console: &console, limits: limits, style: style, check: check) }
        if paths.contains("-") {
            console.err.line("defuse: '-' (standard input) cannot be mixed with paths (see 'defuse help fmt')")
            return ExitCode.usage
        }

        let (files, problems) = Loader(limits: limits).treeFiles(paths)
        var status = ExitCode.success
        for d in problems {
            console.err.line(DefuseCLI.format(d, style: style))
            status = ExitCode.failure
        }
        var changed = 0
        var broken = 0
        for file in files {
            let name = Visible.escape(file)
            let before: TextBuffer
            switch FileSystem.readText(file, limit: limits.maxFileSize) {
            case .failure(let failure):
                console.err.line(DefuseCLI.format(.error(SourceLocation(file: file, line: 0, column: 0), failure.message), style: style))
                broken += 1
                continue
            case .success(let text): before = text
            }
            switch TreeFormatter(file: file, limits: limits).format(before) {
            case .errors(let errors):
                for d in errors.sortedForDisplay() { console.err.line(DefuseCLI.format(d, style: style)) }
                console.err.line("\(name): not formatted: \(plural(errors.count, "error"))")
                broken += 1
            case .formatted(let after):
                guard !before.holds(after) else { continue }
                changed += 1
                if check {
                    console.out.line(name)
                    continue
                }
                let target = FileSystem.linkTarget(file)
                let mode = FileSystem.permissions(target) ?? 0o644
                switch AtomicFile.write(after, to: target, overwrite: true, mode: mode, exactMode: true) {
                case .failure(let failure):
                    console.err.line(DefuseCLI.format(.error(SourceLocation(file: file, line: 0, column: 0),
                                                             "cannot write: \(failure.message); the file is as it was"), style: style))
                    changed -= 1
                    broken += 1
                case .success:
                    console.out.line(name)
                }
            }
        }
        console.out.flush()
        var summary = plural(files.count, "file") + ": "
        if check {
            summary += changed == 0 ? "all formatted" : "\(changed) would change"
        } else {
            summary += changed == 0 ? "all formatted" : "\(changed) formatted"
        }
        if broken > 0 { summary += ", \(broken) with errors (left as they are)" }
        console.err.line(summary)
        if broken > 0 || (check && changed > 0) { status = ExitCode.failure }
        return status
    }

    /// `defuse fmt -`: a tree on standard input, formatted on standard output
    /// (for editors). With --check, nothing is printed but the errors.
    static func standardInput(console: inout Console, limits: Limits, style: Style, check: Bool) -> Int32 {
        let text: TextBuffer
        switch FileSystem.readText("/dev/fd/\(console.inputFD)", limit: limits.maxFileSize) {
        case .failure(let failure):
            console.err.line("defuse: standard input: \(failure.message)")
            return ExitCode.failure
        case .success(let t): text = t
        }
        switch TreeFormatter(file: "<stdin>", limits: limits, defaultID: "stdin").format(text) {
        case .errors(let errors):
            for d in errors.sortedForDisplay() { console.err.line(DefuseCLI.format(d, style: style)) }
            console.err.line("<stdin>: not formatted: \(plural(errors.count, "error"))")
            return ExitCode.failure
        case .formatted(let after):
            if check { return text.holds(after) ? ExitCode.success : ExitCode.failure }
            let formatted = String(decoding: after, as: UTF8.self)
            // The file as it is for a pipe; on a terminal, no raw control character.
            console.out.write(console.out.isTerminal ? Visible.escape(formatted, singleLine: false) : formatted)
            return ExitCode.success
        }
    }
}
