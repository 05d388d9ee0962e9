import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Parses one tree from text.
func parse(_ text: String, file: String = "t.tree", id: String = "t") -> (Tree?, [Diagnostic]) {
    TreeParser(file: file).parse(text, defaultID: id)
}

/// Loads trees from text files written to a fresh temporary folder.
func loadTexts(_ files: [String: String]) -> LoadResult {
    let dir = makeTempDir()
    for (name, text) in files {
        let path = dir + "/" + name
        let parent = FileSystem.dirName(path)
        mkdir(parent, 0o755)
        writeFile(path, Array(text.utf8))
    }
    return Loader().load(paths: [dir])
}

/// Diagnostics as text, one per line, paths relative to `base`.
func render(_ diagnostics: [Diagnostic], relativeTo base: String) -> String {
    diagnostics.sortedForDisplay().map { d in
        var file = d.location.file
        if file.hasPrefix(base + "/") { file = String(file.dropFirst(base.count + 1)) }
        let place = d.location.line > 0 ? "\(file):\(d.location.line):\(d.location.column):" : "\(file):"
        return "\(place) \(d.severity.rawValue): \(d.message)\n"
    }.joined()
}
