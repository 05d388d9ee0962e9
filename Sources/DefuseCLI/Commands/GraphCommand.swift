import DefuseCore

/// `defuse graph TREE --format dot|mermaid [--path FILE.json]` (the formats of `GraphExport.Format`).
enum GraphCommand {
    static let spec = CommandSpec(
        name: "graph",
        summary: "Draw a tree as a Graphviz or Mermaid graph.",
        usage: ["graph TREE [--trees <path>]... [--format \(GraphExport.Format.allCases.map(\.rawValue).joined(separator: "|"))] [--path FILE.json]"],
        options: [
            DefuseCLI.treesOption,
            OptionSpec(["--format"], value: "format", kind: .oneOf(GraphExport.Format.allCases.map(\.rawValue)),
                       help: "The graph language: dot for Graphviz (the default), or Mermaid."),
            OptionSpec(["--path"], value: "file", kind: .file(suffix: ".json"), help: "Highlight the path saved in this file (export json)."),
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          Prints the whole tree: every node and choice, end nodes coloured by outcome,
          choices into other trees drawn dashed to a box named tree#node, and with --path
          the nodes and choices of a saved path highlighted. For example:
            defuse graph angry | dot -Tsvg > angry.svg
          """,
        operands: .listed(.trees))

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard args.positionals.count == 1, let id = args.positionals.first else {
            console.err.line("defuse: graph needs one tree id: defuse graph TREE (see 'defuse help graph')")
            return ExitCode.usage
        }
        // Parsing has refused any other value.
        let format = args.value("--format").flatMap(GraphExport.Format.init(rawValue:)) ?? .dot
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
        console.out.write(graph.render(format))
        if loaded.hasErrors {
            console.err.line("defuse: warning: the trees have errors ('defuse check' lists them); broken choices are drawn in red")
        }
        return ExitCode.success
    }
}
