import DefuseCore

/// `defuse mark-translated TRANSLATION... [--node ID]...`: records that a
/// translation (or some of its nodes) is up to date with the English, so
/// that `defuse check` warns again only when the English changes next.
enum MarkTranslatedCommand {
    static let spec = CommandSpec(
        name: "mark-translated",
        summary: "Record that a translation is up to date with the English it translates.",
        usage: ["mark-translated TRANSLATION... [--node <id>]... [--trees <path>]..."],
        options: [
            OptionSpec(["--node"], value: "id", repeatable: true,
                       help: "Mark only this node (repeatable). Default: the whole translation."),
            DefuseCLI.treesOption,
            DefuseCLI.maxFileSizeOption,
        ],
        discussion: """
          A translation (Trees/nl/angry.tree) keeps a copy of the English it was made from
          in .translated-from/ beside it. 'defuse check' compares the English now with that
          copy and warns, at each translated node, about every title, guidance paragraph,
          phrase or choice label that changed since. Once a translator has brought the
          translation (or one node: --node) up to date, this command updates the copy.
          TRANSLATION is a translation's .tree file or a language folder of them. The
          trees are those given with --trees, else the bundled trees.
          """,
        operands: .trees)

    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            console.err.line("defuse: mark-translated needs a translation: defuse mark-translated Trees/nl/angry.tree (see 'defuse help mark-translated')")
            return ExitCode.usage
        }
        let limits: Limits
        do { limits = try DefuseCLI.limits(from: args) } catch {
            console.err.line("defuse: \(error.message) (see 'defuse help mark-translated')")
            return ExitCode.usage
        }
        var treePaths = args.all("--trees")
        if treePaths.isEmpty {
            treePaths = DefuseCLI.treePaths([], environment: console.environment)
        }
        let result = Loader(limits: limits).load(paths: treePaths)
        // Every translation, by its file's identity on disk (however the path is spelled).
        var byFile: [String: (tree: Tree, id: String)] = [:]
        func key(_ path: String) -> String? { FileSystem.identity(path).map { "\($0.0):\($0.1)" } }
        for (id, byLang) in result.library.translations {
            for t in byLang.values { if let k = key(t.file) { byFile[k] = (t, id) } }
        }
        var chosen: [(tree: Tree, id: String)] = []
        var status = ExitCode.success
        for given in args.positionals {
            var files = [given]
            if FileSystem.kind(given) == .directory, case .success(let names) = FileSystem.list(given) {
                files = names.filter { $0.hasSuffix(".tree") }.map { FileSystem.join(given, $0) }
            }
            let found = files.compactMap { key($0).flatMap { byFile[$0] } }
            if found.isEmpty {
                console.err.line("defuse: \(Visible.escape(given)): no translation of the loaded trees (\(treePaths.map { Visible.escape($0) }.joined(separator: ", "))) there")
                status = ExitCode.failure
            }
            chosen += found
        }
        let nodes = args.all("--node")
        // A node is marked in each chosen translation that has it (and its English too).
        var unmatched = Set(nodes)
        for (t, id) in chosen {
            guard let source = result.library.tree(id) else { continue }
            let known = nodes.filter { t.node($0) != nil && source.node($0) != nil }
            unmatched.subtract(known)
            if !nodes.isEmpty && known.isEmpty { continue }
            let record = TranslationRecord.path(for: t.file)
            guard case .success(let english) = FileSystem.read(source.file, limit: limits.maxFileSize) else {
                console.err.line("defuse: \(Visible.escape(source.file)): cannot read it")
                status = ExitCode.failure
                continue
            }
            var existing: String?
            if case .success(let bytes) = FileSystem.read(record, limit: limits.maxFileSize) {
                existing = String(decoding: bytes, as: UTF8.self)
            }
            let text = TranslationRecord.marked(known, english: String(decoding: english, as: UTF8.self), existing: existing)
            if let failure = FileSystem.makeDirectories(FileSystem.dirName(record), mode: 0o755) {
                console.err.line("defuse: \(Visible.escape(record)): \(Visible.escape(failure.message))")
                status = ExitCode.failure
                continue
            }
            switch AtomicFile.write(Array(text.utf8), to: record, overwrite: true) {
            case .failure(let f):
                console.err.line("defuse: \(Visible.escape(record)): \(Visible.escape(f.message))")
                status = ExitCode.failure
            case .success:
                let what = known.isEmpty ? "all \(plural(t.nodes.count, "node"))" : known.map { "'\(Visible.escape($0))'" }.joined(separator: ", ")
                console.out.line("\(Visible.escape(t.file)): \(what) up to date with \(Visible.escape(FileSystem.baseName(source.file)))")
            }
        }
        for node in nodes where unmatched.contains(node) {
            console.err.line("defuse: no node '\(Visible.escape(node))' in \(chosen.map { Visible.escape($0.tree.file) }.joined(separator: ", ")) and its English")
            status = ExitCode.failure
        }
        return status
    }
}
