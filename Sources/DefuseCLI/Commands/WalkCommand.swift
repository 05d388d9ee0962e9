import DefuseCore

/// `defuse walk TREE --random N [--seed S]`: reproducible random walks to an end.
enum WalkCommand {
    static let spec = CommandSpec(
        name: "walk",
        summary: "Take random walks through a tree to its end nodes.",
        usage: ["walk TREE[#NODE] --random <n> [--seed <s>] [--trees <path>]... [--json]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--random"], value: "n", help: "How many random walks to take (1 to 1000000)."),
            OptionSpec(["--seed"], value: "s", help: "Seed (0 to 18446744073709551615); the same seed gives the same walks. Default: from the clock, and printed."),
            OptionSpec(["--max-steps"], value: "n", help: "Give up on a walk after this many choices (default 1000)."),
            OptionSpec(["--limit"], value: "n", help: "Print at most this many walks (default: all); the summary counts every walk."),
            Analysis.jsonOption,
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Each walk starts at the tree's start (or TREE#NODE) and, at every node, takes one of
          its choices at random, each equally likely, into other trees too, until it reaches
          an end node. Walks may come back to a node, as a conversation can. A walk that takes
          more than --max-steps choices is counted as unfinished. The generator is
          xoshiro256** seeded by SplitMix64, so a seed gives the same walks everywhere.
          """,
        operands: .listed(.trees))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        let json = args.has("--json")
        func usage(_ m: String, _ candidates: [String] = []) -> Int32 {
            Analysis.usage(m, candidates: candidates, command: "walk", json: json, console: &console)
        }
        guard args.positionals.count == 1 else {
            return usage(args.positionals.isEmpty ? "walk needs a tree: defuse walk TREE --random N" : "walk takes one tree, got \(args.positionals.count)")
        }
        guard let text = args.value("--random") else { return usage("walk needs --random N: how many walks to take") }
        guard let n = Int(text), n >= 1, n <= 1_000_000 else { return usage("bad value for --random: use a number of walks from 1 to 1000000") }
        guard let maxSteps = Analysis.count(args, "--max-steps", default: 1000, min: 1) else {
            return usage("bad value for --max-steps: use a number of choices, 1 or more")
        }
        guard let limit = Analysis.count(args, "--limit", default: n) else {
            return usage("bad value for --limit: use a number of walks, 0 or more")
        }
        let seed: UInt64
        if let s = args.value("--seed") {
            guard let v = UInt64(s) else { return usage("bad value for --seed: use a whole number from 0 to 18446744073709551615") }
            seed = v
        } else {
            let t = console.now()
            seed = UInt64(bitPattern: Int64(truncatingIfNeeded: t.seconds)) &* 1_000_003 &+ UInt64(truncatingIfNeeded: Int(Budget.now() * 1e9))
        }
        guard let (library, style) = Analysis.load(args, paths: args.all("--trees"), command: "walk", console: &console) else {
            return ExitCode.failure
        }
        let start: NodeRef
        switch Analysis.resolveStart(args.positionals[0], in: library) {
        case .failure(let e): return usage(e.message, e.candidates)
        case .success(let s): start = s
        }
        let walks = Walker(library: library, maxSteps: maxSteps).walks(from: start, count: n, seed: seed)
        let summary = WalkSummary(walks, library: library)
        let home = start.tree
        if json {
            let object = JSON.object([
                ("type", .string("walk")),
                ("tree", .string(library.trees[Int(home)].id)),
                ("start", .string(library.address(of: start))),
                ("seed", .string(String(seed))),
                ("walks", .array(walks.prefix(limit).map { w in
                    .object([
                        ("nodes", .array(w.nodes.map { .string(library.address(of: $0)) })),
                        ("choices", .array(w.choices.map { .int(Int($0) + 1) })),
                        ("outcome", .optional(w.outcome)),
                        ("finished", .bool(w.finished)),
                    ])
                })),
                ("summary", .object([
                    ("walks", .int(n)),
                    ("outcomes", .array(summary.outcomes.map {
                        .object([("outcome", .optional($0.outcome)), ("walks", .int($0.walks)),
                                 ("meanPeakIntensity", $0.meanPeakIntensity.map { .double(($0 * 100).rounded() / 100) } ?? .null)])
                    })),
                    ("unfinished", .int(summary.unfinished)),
                    ("minSteps", .int(summary.minSteps)),
                    ("maxSteps", .int(summary.maxSteps)),
                    ("meanSteps", .double((summary.meanSteps * 100).rounded() / 100)),
                    ("distinctNodes", .int(summary.distinctNodes)),
                ])),
            ])
            console.out.line(object.serialized())
            return ExitCode.success
        }
        let r = Renderer(style: style, width: 80)
        let digits = String(n).count
        for (i, w) in walks.prefix(limit).enumerated() {
            let number = String(i + 1)
            let line = w.nodes.map { Visible.escape(library.address(of: $0, from: home)) }.joined(separator: " > ")
            let end = w.finished ? r.outcomeColor(Visible.escape(w.outcome ?? "no outcome")) : style.yellow("unfinished")
            console.out.line(String(repeating: " ", count: digits - number.count) + number + ". " + line
                             + "  " + style.dim("(") + end + style.dim(", \(plural(w.steps, "step")))"))
        }
        if limit < n { console.out.line(style.dim("… \(n - limit) more walks not shown; the summary counts them all.")) }
        console.out.line(style.bold("\(plural(n, "walk")) from \(Visible.escape(library.address(of: start)))") + style.dim(" (seed \(seed); --seed \(seed) repeats them)"))
        let width = summary.outcomes.map { ($0.outcome ?? "no outcome").count }.max() ?? 0
        // With intensities, the counts line up and each outcome says how
        // heated its walks got at their worst, on average.
        let peaks = summary.outcomes.contains { $0.meanPeakIntensity != nil }
        let countWidth = peaks ? summary.outcomes.map { String($0.walks).count }.max() ?? 0 : 0
        for (o, count, peak) in summary.outcomes {
            let name = Visible.escape(o ?? "no outcome")
            let counted = String(repeating: " ", count: max(0, countWidth - String(count).count)) + String(count)
            var line = "  " + r.outcomeColor(name) + String(repeating: " ", count: max(0, width - name.count) + 2)
                + counted + "  (\(Analysis.percent(count, n)))"
            if let peak {
                let percent = "(\(Analysis.percent(count, n)))"
                line += String(repeating: " ", count: max(0, 6 - percent.count)) + style.dim("  peak intensity \((peak * 10).rounded() / 10) on average")
            }
            console.out.line(line)
        }
        if summary.unfinished > 0 {
            console.out.line("  " + style.yellow("unfinished") + "  \(summary.unfinished) (cut off after \(maxSteps) choices)")
        }
        let mean = (summary.meanSteps * 10).rounded() / 10
        console.out.line("  steps: \(summary.minSteps) to \(summary.maxSteps), \(mean) on average; \(plural(summary.distinctNodes, "distinct node")) visited")
        return ExitCode.success
    }
}
