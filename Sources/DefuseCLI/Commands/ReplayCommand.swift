import DefuseCore

/// `defuse replay FILE.json`: walk a saved path again against the trees now.
enum ReplayCommand {
    static let spec = CommandSpec(
        name: "replay",
        summary: "Walk a saved path again and report what drifted.",
        usage: ["replay FILE.json [--trees <path>]... [--json]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--json"], help: "Print one JSON object with every drift."),
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Reads a path saved with 'export json' (schema defuse.path/1) and walks it again
          against the trees as they are now. Reports every difference: a tree or node gone,
          a choice retargeted, relabelled or gone, a title or phrase changed. Exit status:
          0 when the path replays cleanly, 1 when it does not (or the file or trees are
          broken), 2 for a usage error.
          """,
        operands: .file(suffix: ".json"))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard args.positionals.count == 1, let file = args.positionals.first else {
            console.err.line("defuse: replay needs one path file: defuse replay FILE.json (see 'defuse help replay')")
            return ExitCode.usage
        }
        let name = Visible.escape(file)
        let doc: PathDocument
        switch PathFile.read(file) {
        case .failure(let e):
            console.err.line("defuse: \(name): \(Visible.escape(e.description))")
            return ExitCode.failure
        case .success(let d): doc = d
        }
        let loadedTrees = DefuseCLI.loadTrees(args, given: args.all("--trees"), command: "replay", console: &console)
        guard case .trees(let loaded, let style) = loadedTrees else {
            if case .failed(let status) = loadedTrees { return status }
            return ExitCode.failure
        }
        let result = Replay.run(doc, library: loaded.library)
        if args.has("--json") {
            let json = JSON.object([
                ("file", .string(file)),
                ("steps", .int(doc.steps.count)),
                ("clean", .bool(result.clean)),
                ("drifts", .array(result.drifts.map { d in
                    .object([("step", d.step.map { .int($0) } ?? .null), ("ref", .string(d.ref)),
                             ("kind", .string(d.kind.rawValue)), ("message", .string(d.message))])
                })),
                ("remarks", .array(result.remarks.map { .string($0) })),
            ])
            console.out.line(json.serialized())
            return result.clean ? ExitCode.success : ExitCode.failure
        }
        for d in result.drifts {
            let place = d.step.map { "step \($0 + 1) (\(Visible.escape(d.ref))): " } ?? ""
            console.out.line("\(style.bold(name + ":")) \(style.yellow(d.kind.rawValue + ":")) \(place)\(Visible.escape(d.message))")
        }
        for r in result.remarks { console.out.line(style.dim("\(name): note: \(Visible.escape(r))")) }
        let steps = plural(doc.steps.count, "step")
        if result.clean {
            console.out.line("\(name): replays cleanly (\(steps), outcome: \(Visible.escape(doc.outcome ?? PathDocument.unfinished))).")
            return ExitCode.success
        }
        console.out.line("\(name): does not replay cleanly: \(plural(result.drifts.count, "difference")) in \(steps).")
        return ExitCode.failure
    }
}
