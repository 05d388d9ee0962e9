/// The result of loading: the library and everything found wrong with it.
public struct LoadResult: Sendable {
    public var library: Library
    public var diagnostics: [Diagnostic]
    /// With `Loader.checksTranslations`: the translations that have no
    /// record of the English they were made from (`TranslationRecord`).
    public var unrecorded: [Tree] = []

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Finds `.tree` files in files and folders, parses them, groups
/// translations under their source tree, resolves targets, and checks.
public struct Loader {
    public var limits: Limits
    /// Whether to compare each translation with the record of the English
    /// it was made from (`defuse check` does; a session need not).
    public var checksTranslations: Bool

    public init(limits: Limits = Limits(), checksTranslations: Bool = false) {
        self.limits = limits
        self.checksTranslations = checksTranslations
    }

    private struct Found {
        var path: String
        var translationLang: String?
    }

    public func load(paths: [String]) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        var found: [Found] = []
        var sourceFiles: [String] = []
        for path in paths {
            collect(path, into: &found, sources: &sourceFiles, diagnostics: &diagnostics)
        }
        var parsed: [(Tree, Found)] = []
        var library = Library()
        for f in found {
            library.files.append(f.path)
            switch FileSystem.readText(f.path, limit: limits.maxFileSize) {
            case .failure(let failure):
                diagnostics.append(.error(SourceLocation(file: f.path, line: 0, column: 0), failure.message))
            case .success(let bytes):
                let defaultID = Self.defaultID(for: f.path)
                let (tree, found) = TreeParser(file: f.path, limits: limits).parse(bytes, defaultID: defaultID)
                diagnostics += found
                if var tree {
                    tree.translationFolder = f.translationLang
                    parsed.append((tree, f))
                }
            }
        }
        // Source trees first, so translations can find them.
        var firstFile: [String: String] = [:]
        for (tree, f) in parsed where f.translationLang == nil {
            if let other = firstFile[tree.id] {
                diagnostics.append(.error(tree.titlePosition.location(in: tree.file),
                                          "duplicate tree id '\(tree.id)' (also in \(other))"))
                continue
            }
            firstFile[tree.id] = tree.file
            library.add(tree)
        }
        for (tree, f) in parsed {
            guard let lang = f.translationLang else { continue }
            if library.translations[tree.id]?[lang] != nil {
                diagnostics.append(.error(tree.titlePosition.location(in: tree.file),
                                          "duplicate translation of '\(tree.id)' into '\(lang)'"))
                continue
            }
            library.translations[tree.id, default: [:]][lang] = tree
        }
        // The library holds the trees from here on.
        parsed = []
        for path in sourceFiles where library.sources == nil {
            switch FileSystem.read(path, limit: limits.maxFileSize) {
            case .failure(let failure):
                diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0), failure.message))
            case .success(let bytes):
                library.sources = SourceList(parsing: bytes, file: path)
            }
        }
        diagnostics += library.resolveTargets()
        diagnostics += Checker(library: library).run()
        var result = LoadResult(library: library, diagnostics: diagnostics)
        if checksTranslations { checkRecords(&result) }
        return result
    }

    /// Stale translations: each compared with its record, if it has one.
    private func checkRecords(_ result: inout LoadResult) {
        for id in result.library.translations.keys.sorted() {
            guard let source = result.library.tree(id) else { continue }
            for (_, t) in result.library.translations[id]!.sorted(by: { $0.key < $1.key }) {
                let path = TranslationRecord.path(for: t.file)
                guard case .file = FileSystem.kind(path) else {
                    result.unrecorded.append(t)
                    continue
                }
                guard case .success(let bytes) = FileSystem.readText(path, limit: limits.maxFileSize),
                      case let (record?, found) = TreeParser(file: path, limits: limits).parse(bytes, defaultID: id),
                      !found.contains(where: { $0.severity == .error }) else {
                    result.diagnostics.append(.warning(t.titlePosition.location(in: t.file),
                                                       "the record of the English this translation was made from (\(path)) cannot be read: 'defuse mark-translated \(t.file)' writes it anew"))
                    continue
                }
                result.diagnostics += TranslationRecord.check(t, source: source, record: record)
            }
        }
    }

    /// The `.tree` files that `paths` name (files, and folders walked as
    /// `load` walks them, translations included), and any problem finding them.
    public func treeFiles(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var found: [Found] = []
        var sources: [String] = []
        for path in paths {
            collect(path, into: &found, sources: &sources, diagnostics: &diagnostics)
        }
        return (found.map(\.path), diagnostics)
    }

    /// The id a file gets when it has no `id:` line: its name without `.tree`.
    public static func defaultID(for path: String) -> String {
        let base = FileSystem.baseName(path)
        return base.hasSuffix(".tree") ? String(base.dropLast(5)) : base
    }

    private func collect(_ root: String, into found: inout [Found], sources: inout [String],
                         diagnostics: inout [Diagnostic]) {
        switch FileSystem.kind(root) {
        case .missing:
            diagnostics.append(.error(SourceLocation(file: root, line: 0, column: 0), "no such file or folder"))
        case .other:
            diagnostics.append(.error(SourceLocation(file: root, line: 0, column: 0), "not a regular file or folder"))
        case .file:
            found.append(Found(path: root, translationLang: nil))
            let sibling = FileSystem.join(FileSystem.dirName(root), "SOURCES.md")
            if case .file = FileSystem.kind(sibling), !sources.contains(sibling) { sources.append(sibling) }
        case .directory:
            let before = found.count
            // Iterative walk; language folders hold translations.
            var stack: [(String, String?, Int)] = [(root, nil, 0)]
            var seen = Set<String>()
            while let (dir, lang, depth) = stack.popLast() {
                if let id = FileSystem.identity(dir) {
                    let key = "\(id.0):\(id.1)"
                    if seen.contains(key) { continue }
                    seen.insert(key)
                }
                let names: [String]
                switch FileSystem.list(dir) {
                case .failure(let failure):
                    diagnostics.append(.error(SourceLocation(file: dir, line: 0, column: 0), failure.message))
                    continue
                case .success(let list):
                    names = list
                }
                var subfolders: [(String, String?, Int)] = []
                for name in names where !name.hasPrefix(".") {
                    let path = FileSystem.join(dir, name)
                    if name.hasSuffix(".tree") {
                        if case .file = FileSystem.kind(path) {
                            if found.count >= limits.maxFiles {
                                diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0),
                                                          "too many files: the limit is \(limits.maxFiles)"))
                                return
                            }
                            found.append(Found(path: path, translationLang: lang))
                        }
                    } else if name == "SOURCES.md" && lang == nil {
                        if case .file = FileSystem.kind(path), !sources.contains(path) { sources.append(path) }
                    } else if case .directory = FileSystem.kind(path), depth < 32 {
                        // A language folder (nl, es, pt-BR) directly under a tree
                        // folder holds translations; other folders hold more trees.
                        let childLang: String? = lang == nil && LanguageCode.isFolderName(name) ? name : lang
                        subfolders.append((path, childLang, depth + 1))
                    }
                }
                stack.append(contentsOf: subfolders.reversed())
            }
            if found.count == before {
                diagnostics.append(.error(SourceLocation(file: root, line: 0, column: 0),
                                          "no .tree files in this folder"))
            }
        }
    }
}
