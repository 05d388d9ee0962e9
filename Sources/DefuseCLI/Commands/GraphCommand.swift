import DefuseCore

/// `defuse graph TREE --format dot|mermaid [--path FILE.json]`.
enum GraphCommand {
    static let spec = CommandSpec(
        name: "graph",
        summary: "Draw a tree as a Graphviz or Mermaid graph.",
        usage: ["graph TREE [--trees <path>]... [--format dot|mermaid] [--path FILE.json]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--format"], value: "format", help: "dot (Graphviz, the default) or mermaid."),
            OptionSpec(["--path"], value: "file", help: "Highlight the path saved in this file (export json)."),
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Prints the whole tree: every node and choice, end nodes coloured by outcome,
          choices into other trees drawn dashed to a box named tree#node, and with --path
          the nodes and choices of a saved path highlighted. For example:
            defuse graph angry | dot -Tsvg > angry.svg
          """)

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard args.positionals.count == 1, let id = args.positionals.first else {
            console.err.line("defuse: graph needs one tree id: defuse graph TREE (see 'defuse help graph')")
            return ExitCode.usage
        }
        let format = args.value("--format") ?? "dot"
        guard format == "dot" || format == "mermaid" else {
            console.err.line("defuse: bad value '\(Visible.escape(format))' for --format (use dot or mermaid) (see 'defuse help graph')")
            return ExitCode.usage
        }
        let limits: Limits
        do {
            limits = try DefuseCLI.limits(from: args)
        } catch {
            console.err.line("defuse: \(error.message) (see 'defuse help graph')")
            return ExitCode.usage
        }
        var doc: PathDocument?
        if let file = args.value("--path") {
            switch PathFile.read(file) {
            case .failure(let e):
                console.err.line("defuse: \(Visible.escape(file)): \(Visible.escape(e.description))")
                return ExitCode.failure
            case .success(let d): doc = d
            }
        }
        let paths = DefuseCLI.treePaths(args.all("--trees"), environment: console.environment)
        let loaded = Loader(limits: limits).load(paths: paths)
        guard let t = loaded.library.treeIndex[id] else {
            let errStyle = Style(enabled: false)
            for d in loaded.diagnostics.sortedForDisplay() where d.severity == .error {
                console.err.line(DefuseCLI.format(d, style: errStyle))
            }
            var message = "no tree '\(Visible.escape(id))'"
            let ids = loaded.library.trees.map(\.id)
            if let near = nearest(id, in: ids) { message += "; did you mean '\(near)'?" }
            if !ids.isEmpty { message += " (loaded: \(ids.joined(separator: ", ")))" }
            console.err.line("defuse: \(message)")
            return ExitCode.failure
        }
        let graph = GraphExport(library: loaded.library, tree: t, path: doc)
        console.out.write(format == "dot" ? graph.dot() : graph.mermaid())
        if loaded.hasErrors {
            console.err.line("defuse: warning: the trees have errors ('defuse check' lists them); broken choices are drawn in red")
        }
        return ExitCode.success
    }
}
