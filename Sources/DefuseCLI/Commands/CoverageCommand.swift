import DefuseCore

/// `defuse coverage PATH...`: what saved paths (a workshop's exports)
/// covered, per tree, and the branches nobody tried. The short form of
/// `defuse report`: the same files and folders, counted by the same
/// `CoverageTally`.
enum CoverageCommand {
    static let spec = CommandSpec(
        name: "coverage",
        summary: "Coverage of the trees over saved paths, and the branches no one tried.",
        usage: ["coverage [--trees <path>]... [--limit <n>] [--json] PATH..."],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--limit"], value: "n", help: "List at most this many untried branches (default 50; 0 for none)."),
            Analysis.jsonOption,
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Reads paths saved with 'export json' (schema defuse.path/1), given as files or
          folders of them (walked for .json files, subfolders too), and counts, for every
          loaded tree, the nodes visited, the choices taken and the outcomes reached by any
          of them. Then it lists the branches no one tried: choices not taken at nodes that
          someone reached. Steps that name a tree or node that is no longer there are
          skipped with a warning. A file that cannot be read is an error (exit status 1).
          """,
        operands: .file(suffix: ".json"))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        let json = args.has("--json")
        guard !args.positionals.isEmpty else {
            return Analysis.usage("coverage needs saved paths: defuse coverage FILE.json|FOLDER...", command: "coverage", json: json, console: &console)
        }
        guard let limit = Analysis.count(args, "--limit", default: 50) else {
            return Analysis.usage("bad value for --limit: use a number of branches, 0 or more", command: "coverage", json: json, console: &console)
        }
        guard let (library, style) = Analysis.load(args, paths: args.all("--trees"), command: "coverage", console: &console) else {
            return ExitCode.failure
        }
        let maxSize = (try? DefuseCLI.limits(from: args))?.maxFileSize ?? Limits().maxFileSize
        var tally = CoverageTally()
        var warnings: [String] = []
        var steps = 0
        let errors = PathFile.readAll(args.positionals, limit: maxSize) { file, doc in
            let (_, w) = tally.add(doc, library: library)
            warnings += w.map { "\(file): \($0)" }
            steps += doc.steps.count
        }
        let errStyle = (try? DefuseCLI.style(args, for: console.err, environment: console.environment)) ?? Style(enabled: false)
        for e in errors { console.err.line(errStyle.red("error:") + " " + Visible.escape(e.description)) }
        for w in warnings { console.err.line(errStyle.magenta("warning:") + " " + Visible.escape(w)) }
        guard errors.isEmpty else {
            console.err.line("defuse: \(plural(errors.count, "file")) could not be read as a saved path; no coverage reported")
            return ExitCode.failure
        }
        let data = tally.union
        let trees = library.trees.indices.map { data.coverage(of: $0, in: library) }
        let total = TreeCoverage.total(trees)
        let untried = total.untriedAtVisited
        func branchJSON(_ c: ChoiceRef) -> JSON {
            let choice = library.node(c.node).choices[Int(c.index)]
            return .object([("node", .string(library.address(of: c.node))), ("choice", .int(Int(c.index) + 1)),
                            ("label", .string(choice.label)),
                            ("target", .string(choice.resolved.map { library.address(of: $0) } ?? choice.target.description))])
        }
        if json {
            let object = JSON.object([
                ("type", .string("coverage")),
                ("files", .int(tally.paths)),
                ("steps", .int(steps)),
                ("trees", .array(trees.map { .object(Interpreter.coverageJSON($0, library) + [("untried", .int($0.untried))]) })),
                ("total", .object([
                    ("nodes", .object([("visited", .int(total.nodesVisited)), ("total", .int(total.nodes))])),
                    ("choices", .object([("taken", .int(total.choicesTaken)), ("total", .int(total.choices))])),
                ])),
                ("untried", .array(untried.prefix(limit).map(branchJSON))),
                ("untriedAtVisited", .int(untried.count)),
                ("warnings", .array(warnings.map { .string($0) })),
            ])
            console.out.line(object.serialized())
            return ExitCode.success
        }
        console.out.line(style.bold("Coverage over \(plural(tally.paths, "saved path")) (\(plural(steps, "step")))"))
        let width = max(5, library.trees.map { $0.id.count }.max() ?? 0)
        func row(_ name: String, _ c: TreeCoverage, outcomes: Bool) -> String {
            let pad = String(repeating: " ", count: max(0, width - name.count) + 2)
            var line = "  " + Visible.escape(name) + pad
            let nodes = TreeCoverage.ratio(c.nodesVisited, c.nodes)
            let choices = TreeCoverage.ratio(c.choicesTaken, c.choices)
            line += "nodes " + nodes.padded(14)
            line += "choices " + (outcomes ? choices.padded(14) : choices)
            if outcomes {
                let reached = TreeCoverage.ratio(c.outcomesReached.count, c.outcomes.count)
                line += "outcomes " + reached
            }
            return line
        }
        for c in trees { console.out.line(row(library.trees[c.tree].id, c, outcomes: true)) }
        console.out.line(style.bold(row("total", total, outcomes: false)))
        if untried.isEmpty {
            console.out.line(style.dim("Every choice at a node someone reached was tried."))
            return ExitCode.success
        }
        console.out.line(style.bold("Branches no one tried, at nodes someone reached (\(untried.count)):"))
        for c in untried.prefix(limit) {
            let choice = library.node(c.node).choices[Int(c.index)]
            let target = choice.resolved.map { library.address(of: $0) } ?? choice.target.description
            console.out.line("  " + style.cyan(Visible.escape(library.address(of: c.node))) + " [\(c.index + 1)] "
                             + Visible.escape(choice.label) + style.dim(" → ") + Visible.escape(target))
        }
        if untried.count > limit { console.out.line(style.dim("… and \(untried.count - limit) more (--limit N shows more).")) }
        return ExitCode.success
    }
}
