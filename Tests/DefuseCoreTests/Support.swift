import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository's root, found from this file's path.
let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 { path = FileSystem.dirName(path) }
    return path
}()

let fixtures = packageRoot + "/Tests/Fixtures"

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

func makeTempDir() -> String {
    var template = Array("/tmp/defuse-test-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: p!)
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0, "cannot write \(path)")
    bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func readText(_ path: String) -> String? {
    guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 30) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
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

/// Compares `actual` with a golden file; `DEFUSE_RECORD=1` rewrites it instead.
func expectGolden(_ actual: String, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if let flag = getenv("DEFUSE_RECORD"), String(cString: flag) == "1" {
        writeFile(path, Array(actual.utf8))
        return
    }
    guard let expected = readText(path) else {
        Issue.record("missing golden file \(path); run with DEFUSE_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "differs from \(path) (DEFUSE_RECORD=1 re-records)", sourceLocation: sourceLocation)
}
