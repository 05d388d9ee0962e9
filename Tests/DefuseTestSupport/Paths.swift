#if canImport(Glibc)
import Glibc
#endif
import DefuseCore

/// The repository's root, found from this file's path.
public let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 { path = FileSystem.dirName(path) }
    return path
}()

/// `Tests/Fixtures`.
public let fixtures = packageRoot + "/Tests/Fixtures"

/// A fresh folder under /tmp.
public func makeTempDir() -> String {
    var template = Array("/tmp/defuse-test-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: p!)
}

/// The text of a file, or nil when it cannot be read.
public func fileText(_ path: String) -> String? {
    guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 30) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}

/// Writes `bytes` to `path` (plainly: a test's own files).
public func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0, "cannot write \(path)")
    bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

public func writeText(_ path: String, _ text: String) {
    writeFile(path, Array(text.utf8))
}

/// Copies the folder `from` (files and folders, hidden ones too) to `to`.
public func copyFolder(_ from: String, to: String) {
    _ = FileSystem.makeDirectories(to, mode: 0o755)
    guard case .success(let names) = FileSystem.list(from) else { return }
    for name in names {
        let source = FileSystem.join(from, name)
        let target = FileSystem.join(to, name)
        switch FileSystem.kind(source) {
        case .directory: copyFolder(source, to: target)
        case .file: if case .success(let bytes) = FileSystem.read(source, limit: 1 << 26) { writeFile(target, bytes) }
        default: break
        }
    }
}
