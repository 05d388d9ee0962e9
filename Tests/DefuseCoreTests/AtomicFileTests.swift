import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct AtomicFileTests {
    func names(_ dir: String) -> [String] {
        (try? FileSystem.list(dir).get()) ?? []
    }

    @Test func writesAndNeverOverwritesUnlessAsked() {
        let dir = makeTempDir()
        let path = dir + "/notes.md"
        #expect(throws: Never.self) { try AtomicFile.write(Array("first".utf8), to: path, overwrite: false).get() }
        #expect(fileText(path) == "first")
        let again = AtomicFile.write(Array("second".utf8), to: path, overwrite: false)
        guard case .failure(let failure) = again else { Issue.record("overwrote an existing file"); return }
        #expect(failure.kind == .exists)
        #expect(failure.message == "already exists (--force overwrites it)")
        #expect(fileText(path) == "first")
        #expect(throws: Never.self) { try AtomicFile.write(Array("third".utf8), to: path, overwrite: true).get() }
        #expect(fileText(path) == "third")
        #expect(names(dir) == ["notes.md"])
    }

    @Test func aFailedWriteLeavesNoFile() {
        let dir = makeTempDir()
        let path = dir + "/notes.md"
        var calls = 0
        // The disk fills up after the first 10 bytes.
        let result = AtomicFile.write(Array(repeating: 0x41, count: 100_000), to: path, overwrite: false) { fd, bytes in
            calls += 1
            if calls == 1 { return Array(bytes.prefix(10)).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
            errno = ENOSPC
            return -1
        }
        guard case .failure(let failure) = result else { Issue.record("a failed write succeeded"); return }
        #expect(failure.message == "cannot write: No space left on device")
        #expect(names(dir).isEmpty, "left \(names(dir))")
        // Over an existing file, the old content stays whole.
        writeFile(path, Array("old".utf8))
        let over = AtomicFile.write(Array("new".utf8), to: path, overwrite: true) { _, _ in errno = EIO; return -1 }
        #expect(throws: AtomicFile.Failure.self) { try over.get() }
        #expect(fileText(path) == "old")
        #expect(names(dir) == ["notes.md"])
    }

    @Test func anUnwritableFolderIsAClearError() {
        let result = AtomicFile.write(Array("x".utf8), to: "/nonexistent-defuse-folder/notes.md", overwrite: false)
        guard case .failure(let failure) = result else { Issue.record("wrote into a missing folder"); return }
        #expect(failure.message == "cannot create a file in /nonexistent-defuse-folder: No such file or directory")
    }
}
