import DefuseCore

/// `defuse paths TREE`: exact path counts, per outcome, and a streamed listing.
enum PathsCommand {
    static let spec = CommandSpec(
        name: "paths",
        summary: "Count and list the paths from a tree's start to its end nodes.",
        usage: ["paths TREE[#NODE] [--trees <path>]... [--to <outcome>] [--limit <n>] [--count] [--json]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--to"], value: "outcome", kind: .listed(.outcomes), help: "Only paths that end with this outcome (resolved, escalated, ended, safety, ...)."),
            OptionSpec(["--limit"], value: "n", help: "List at most this many paths (default 20; 0 lists none)."),
            OptionSpec(["--count"], help: "Print just the number of paths, in decimal, on standard output."),
            OptionSpec(["--budget"], value: "seconds", help: "Time allowed for counting, and again for listing, when the trees have cycles (default 0.25)."),
            Analysis.jsonOption,
            DefuseCLI.colorOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          A path starts at the tree's start node (or at TREE#NODE) and follows choices to an
          end node, into other trees too. It never repeats a node, and two choices that lead
          to the same node make one path. Counts are exact at any size. On trees without
          cycles counting takes time linear in nodes plus choices. With cycles, the walks
          inside each cycle are enumerated under the time budget; if it runs out, the count
          says 'at least' and the exit status is 1 with --count.
          """,
        operands: .listed(.trees))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        let json = args.has("--json")
        guard args.positionals.count == 1 else {
            return Analysis.usage(args.positionals.isEmpty ? "paths needs a tree: defuse paths TREE" : "paths takes one tree, got \(args.positionals.count)",
                                  command: "paths", json: json, console: &console)
        }
        guard let limit = Analysis.count(args, "--limit", default: 20) else {
            return Analysis.usage("bad value for --limit: use a number of paths, 0 or more", command: "paths", json: json, console: &console)
        }
        var seconds = 0.25
        if let text = args.value("--budget") {
            guard let s = Analysis.parseSeconds(text) else {
                return Analysis.usage("bad value for --budget: use seconds, more than 0 (e.g. 0.5 or 10)", command: "paths", json: json, console: &console)
            }
            seconds = s
        }
        guard let (library, style) = Analysis.load(args, paths: args.all("--trees"), command: "paths", console: &console) else {
            return ExitCode.failure
        }
        let start: NodeRef
        switch Analysis.resolveStart(args.positionals[0], in: library) {
        case .failure(let e): return Analysis.usage(e.message, candidates: e.candidates, command: "paths", json: json, console: &console)
        case .success(let s): start = s
        }
        let graph = Graph(library)
        let pg = PathGraph(library: library, graph: graph, start: start)
        var filter: Int32?
        if let to = args.value("--to") {
            let wanted: String? = (to == "none") ? nil : to
            if let k = pg.outcomes.firstIndex(where: { $0 == wanted }) {
                filter = Int32(k)
            } else {
                let known = library.outcomes
                if !known.contains(to) {
                    var message = "no outcome '\(to)'"
                    if let near = nearest(to, in: known) { message += "; did you mean '\(near)'?" }
                    message += " (outcomes: \(known.joined(separator: ", ")))"
                    return Analysis.usage(message, candidates: known, command: "paths", json: json, console: &console)
                }
                filter = -1  // a real outcome that no path from here reaches
            }
        }
        var budget = Budget(seconds: seconds)
        let counts = pg.countPaths(budget: &budget)
        let total = filter.map { $0 >= 0 ? counts.byOutcome[Int($0)].paths : BigUInt() } ?? counts.total
        let home = start.tree
        func refOf(_ local: Int32) -> NodeRef { graph.ref(Int(pg.global[Int(local)])) }
        // Names of nodes as listed, made once per node: long paths share them.
        var fullNames = [String?](repeating: nil, count: pg.count)
        var shownNames = [String?](repeating: nil, count: pg.count)
        func fullName(_ local: Int32) -> String {
            if let n = fullNames[Int(local)] { return n }
            let n = library.address(of: refOf(local))
            fullNames[Int(local)] = n
            return n
        }
        func shownName(_ local: Int32) -> String {
            if let n = shownNames[Int(local)] { return n }
            let n = Visible.escape(library.address(of: refOf(local), from: home))
            shownNames[Int(local)] = n
            return n
        }

        if args.has("--count") {
            guard counts.exact else {
                console.err.line("defuse: at least \(total) paths; counting stopped after the budget of \(seconds) s (the tree has cycles; --budget gives more time)")
                return ExitCode.failure
            }
            console.out.line(total.description)
            return ExitCode.success
        }

        // Each group in file order, the start's own tree first.
        let cycles = counts.cycles.map { $0.map(refOf).sorted { ($0.tree != home ? 1 : 0, $0) < ($1.tree != home ? 1 : 0, $1) } }
        if json {
            // The listing can hold millions of refs (long paths in huge trees),
            // so it is written directly, each node's quoted ref made once.
            var quoted = [String?](repeating: nil, count: pg.count)
            var listing = "["
            var listed = 0
            var listingStopped = false
            if limit > 0 && filter != -1 {
                var listBudget = Budget(seconds: seconds)
                listingStopped = !pg.enumeratePaths(outcome: filter, budget: &listBudget) { path in
                    let end = pg.outcomeOf[Int(path.last!)]
                    listing += listed == 0 ? "{\"nodes\":[" : ",{\"nodes\":["
                    for (i, v) in path.enumerated() {
                        if i > 0 { listing += "," }
                        if let q = quoted[Int(v)] {
                            listing += q
                        } else {
                            var q = ""
                            JSON.writeString(fullName(v), to: &q)
                            quoted[Int(v)] = q
                            listing += q
                        }
                    }
                    listing += "],\"outcome\":" + JSON.optional(pg.outcomes[Int(end)]).serialized() + "}"
                    listed += 1
                    return listed < limit
                }
            }
            listing += "]"
            let head = JSON.object([
                ("type", .string("paths")),
                ("tree", .string(library.trees[Int(home)].id)),
                ("start", .string(library.address(of: start))),
                ("to", .optional(args.value("--to"))),
                ("exact", .bool(counts.exact)),
                ("total", .string(total.description)),
                ("outcomes", .array(counts.byOutcome.map { .object([("outcome", .optional($0.outcome)), ("paths", .string($0.paths.description))]) })),
                ("cycles", .array(cycles.map { .array($0.map { .string(library.address(of: $0)) }) })),
            ]).serialized()
            let complete = !listingStopped && BigUInt(listed) == total
            console.out.line(String(head.dropLast()) + ",\"paths\":" + listing + ",\"listingComplete\":" + (complete ? "true" : "false") + "}")
            return ExitCode.success
        }

        // Text: counts first, then the listing as it is found.
        let treeID = Visible.escape(library.trees[Int(home)].id)
        let startName = Visible.escape(library.node(start).id)
        let atLeast = counts.exact ? "" : "at least "
        var head = style.bold(treeID) + ": \(atLeast)\(total.grouped()) \(total == BigUInt.one ? "path" : "paths") from \(startName)"
        if let to = args.value("--to") { head += " to outcome '\(Visible.escape(to))'" } else { head += " to an end node" }
        console.out.line(head)
        if args.value("--to") == nil {
            let width = counts.byOutcome.map { ($0.outcome ?? "(no outcome)").count }.max() ?? 0
            for (o, p) in counts.byOutcome {
                let name = Visible.escape(o ?? "(no outcome)")
                console.out.line("  " + name + String(repeating: " ", count: max(0, width - name.count) + 2) + atLeast + p.grouped())
            }
        }
        if !counts.exact {
            console.out.line(style.yellow("Counting stopped after the budget of \(seconds) s: the numbers above are lower bounds (--budget gives more time)."))
        }
        if !cycles.isEmpty {
            let nodes = cycles.reduce(0) { $0 + $1.count }
            console.out.line("This tree has cycles: \(plural(cycles.count, "group")) of \(plural(nodes, "node")) can lead back to themselves. Paths repeat no node; these form the cycles:")
            for group in cycles.prefix(10) {
                var names = group.prefix(12).map { Visible.escape(library.address(of: $0, from: home)) }
                if group.count > 12 { names.append("… (\(group.count) nodes)") }
                console.out.line("  " + names.joined(separator: ", "))
            }
            if cycles.count > 10 { console.out.line(style.dim("  … and \(cycles.count - 10) more groups (--json lists them all).")) }
        }
        guard limit > 0, !total.isZero else { return ExitCode.success }
        console.out.line(style.dim(total == BigUInt(limit) || total < BigUInt(limit) ? "Paths:" : "First \(limit) paths:"))
        console.out.flush()
        var shown = 0
        var listBudget = Budget(seconds: seconds)
        let complete = pg.enumeratePaths(outcome: filter, budget: &listBudget) { path in
            let end = pg.outcomeOf[Int(path.last!)]
            let line = path.map(shownName).joined(separator: " > ")
            console.out.line("  " + line + "  " + style.dim("(") + Renderer(style: style, width: 80).outcomeColor(Visible.escape(pg.outcomes[Int(end)] ?? "no outcome")) + style.dim(")"))
            shown += 1
            if shown % 64 == 0 { console.out.flush() }
            return shown < limit
        }
        if !complete {
            console.out.line(style.yellow("Listing stopped after the budget of \(seconds) s."))
        } else if BigUInt(shown) < total {
            var rest = total
            rest.subtract(UInt64(shown))
            console.out.line(style.dim("… and \(atLeast)\(rest.grouped()) more (--limit N shows more)."))
        }
        return ExitCode.success
    }
}
