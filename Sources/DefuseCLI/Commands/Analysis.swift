import DefuseCore

/// Shared by the analysis commands (`paths`, `walk`, `coverage`).
enum Analysis {
    static let jsonOption = OptionSpec(["--json"], help: "Print one JSON object (shape in README.md, 'For agents: JSON output').")

    /// Loads the trees; on errors prints them to standard error and returns nil.
    static func load(_ args: ParsedArguments, paths given: [String], command: String,
                     console: inout Console) -> (Library, Style)? {
        guard case .trees(let result, let style) = DefuseCLI.loadTrees(args, given: given, command: command, console: &console) else {
            return nil
        }
        return (result.library, style)
    }

    /// A usage problem: on standard error, and as `{"error", "candidates"}` with `--json`.
    static func usage(_ message: String, candidates: [String] = [], command: String, json: Bool,
                      console: inout Console) -> Int32 {
        console.err.line("defuse: \(Visible.escape(message)) (see 'defuse help \(command)')")
        if json {
            var pairs: [(String, JSON)] = [("error", .string(message))]
            if !candidates.isEmpty { pairs.append(("candidates", .array(candidates.map { .string($0) }))) }
            console.out.line(JSON.object(pairs).serialized())
        }
        return ExitCode.usage
    }

    /// `TREE` (its start) or `TREE#NODE`; a message naming the candidates when it names nothing.
    static func resolveStart(_ spec: String, in library: Library) -> Result<NodeRef, SessionError> {
        let target = TargetName(parsing: spec)
        let treeName = target.tree ?? target.node ?? ""
        let ids = library.trees.map(\.id)
        guard let t = library.treeIndex[treeName] else {
            var message = "no tree '\(treeName)'"
            if let near = nearest(treeName, in: ids) { message += "; did you mean '\(near)'?" }
            message += " (trees: \(ids.joined(separator: ", ")))"
            return .failure(SessionError(message, candidates: ids))
        }
        if target.tree != nil, let nodeName = target.node, !nodeName.isEmpty {
            guard let n = library.trees[t].nodeIndex[nodeName] else {
                let nodes = library.trees[t].nodes.map(\.id)
                var message = "no node '\(nodeName)' in tree '\(treeName)'"
                if let near = nearest(nodeName, in: nodes) { message += "; did you mean '\(treeName)#\(near)'?" }
                return .failure(SessionError(message, candidates: nodes))
            }
            return .success(NodeRef(tree: t, node: Int(n)))
        }
        guard let s = library.start(of: t) else { return .failure(SessionError("tree '\(treeName)' has no start node")) }
        return .success(s)
    }

    /// The number given for option `key`, `value` when it is not given, or
    /// nil when it is not a whole number of at least `min`.
    static func count(_ args: ParsedArguments, _ key: String, default value: Int, min: Int = 0) -> Int? {
        guard let text = args.value(key) else { return value }
        guard let n = Int(text), n >= min else { return nil }
        return n
    }

    static func parseSeconds(_ text: String) -> Double? {
        guard let d = Double(text), d.isFinite, d > 0, d <= 3600 else { return nil }
        return d
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        "\(Percent.of(part, whole))%"
    }
}
