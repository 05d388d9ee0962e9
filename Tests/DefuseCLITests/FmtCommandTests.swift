import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `defuse fmt [--check] PATH...` on the built binary: files rewritten whole
/// and listed, `--check` for CI, files with errors left byte for byte.
@Suite struct FmtCommandTests {
    static let messy = "#  T\nid: t\n## a:  A  \nText.   \n*  on->b\n## b: B\noutcome: ended\nDone.\n"
    static let tidy = "# T\nid: t\n\n## a: A\nText.\n\n* on -> b\n\n## b: B\noutcome: ended\nDone.\n"

    @Test func theBundledTreesPassTheCheck() {
        let r = runDefuse(["fmt", "--check", packageRoot + "/Trees"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasSuffix("files: all formatted\n"))
    }

    @Test func checkListsWhatWouldChangeAndChangesNothing() {
        let dir = makeTempDir()
        writeText(dir + "/messy.tree", Self.messy)
        writeText(dir + "/tidy.tree", Self.tidy.replacingOccurrences(of: "id: t", with: "id: u"))
        let r = runDefuse(["fmt", "--check", dir])
        #expect(r.status == 1)
        #expect(r.stdout == dir + "/messy.tree\n")
        #expect(r.stderr == "2 files: 1 would change\n")
        #expect(fileText(dir + "/messy.tree") == Self.messy)
    }

    @Test func formatsInPlaceListsTheFilesAndThenHasNothingToDo() {
        let dir = makeTempDir()
        mkdir(dir + "/nl", 0o755)
        writeText(dir + "/messy.tree", Self.messy)
        writeText(dir + "/nl/messy.tree", Self.messy.replacingOccurrences(of: "id: t", with: "id: t\nlang: nl"))
        let r = runDefuse(["fmt", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(dir)/messy.tree\n\(dir)/nl/messy.tree\n")
        #expect(r.stderr == "2 files: 2 formatted\n")
        #expect(fileText(dir + "/messy.tree") == Self.tidy)
        #expect(fileText(dir + "/nl/messy.tree") == Self.tidy.replacingOccurrences(of: "id: t", with: "id: t\nlang: nl"))
        // No temporary file left behind.
        if case .success(let names) = FileSystem.list(dir) { #expect(names == ["messy.tree", "nl"]) }
        let again = runDefuse(["fmt", "--check", dir + "/messy.tree", dir + "/nl"])
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)
        #expect(runDefuse(["check", dir]).status == 0)
    }

    @Test func aFileWithErrorsIsLeftAsItIsAndReported() {
        let dir = makeTempDir()
        let broken = "# T\n## a:   A\n### too deep   \n* on ->   \n"
        writeText(dir + "/broken.tree", broken)
        writeText(dir + "/messy.tree", Self.messy)
        let r = runDefuse(["fmt", dir])
        #expect(r.status == 1)
        #expect(fileText(dir + "/broken.tree") == broken)
        #expect(fileText(dir + "/messy.tree") == Self.tidy, "the other files are still formatted")
        #expect(r.stdout == dir + "/messy.tree\n")
        #expect(r.stderr.contains(dir + "/broken.tree:3:1: error: only two heading levels exist"))
        #expect(r.stderr.contains(dir + "/broken.tree:4:6: error: choice with an empty target"))
        #expect(r.stderr.contains(dir + "/broken.tree: not formatted: 2 errors\n"))
        #expect(r.stderr.hasSuffix("2 files: 1 formatted, 1 with errors (left as they are)\n"))
        let check = runDefuse(["fmt", "--check", dir + "/broken.tree"])
        #expect(check.status == 1)
        #expect(check.stdout.isEmpty)
    }

    /// Every fixture with errors is left byte for byte; every other one is
    /// formatted and then passes the check.
    @Test func everyFixtureIsFormattedOrLeftAlone() throws {
        let copy = makeTempDir()
        let (files, _) = Loader().treeFiles([fixtures])
        var before: [String: [UInt8]] = [:]
        for file in files {
            let target = copy + file.dropFirst(fixtures.count)
            _ = FileSystem.makeDirectories(FileSystem.dirName(target))
            guard case .success(let bytes) = FileSystem.read(file, limit: 1 << 26) else {
                Issue.record("cannot read \(file)")
                continue
            }
            writeFile(target, bytes)
            before[target] = bytes
        }
        let r = runDefuse(["fmt", copy])
        #expect(r.status == 1, "some fixtures have errors")
        let reported = Set(r.stderr.split(separator: "\n").compactMap { line -> String? in
            line.hasSuffix("error") || line.hasSuffix("errors") ? String(line.prefix { $0 != ":" }) : nil
        })
        #expect(reported.count >= 15)
        for (path, bytes) in before {
            let (_, diagnostics) = TreeParser(file: path).parse(bytes, defaultID: Loader.defaultID(for: path))
            guard case .success(let after) = FileSystem.read(path, limit: 1 << 26) else { continue }
            if diagnostics.contains(where: { $0.severity == .error }) {
                #expect(after == bytes, "\(path) has errors but was changed")
                #expect(reported.contains(path), "\(path) has errors but was not reported")
            } else {
                #expect(!reported.contains(path))
            }
        }
        let again = runDefuse(["fmt", "--check", copy])
        #expect(again.stdout.isEmpty, "formatting twice changes nothing more")
    }

    @Test func permissionsAndSymbolicLinksAreKept() {
        let dir = makeTempDir()
        writeText(dir + "/real.tree", Self.messy)
        chmod(dir + "/real.tree", 0o640)
        symlink(dir + "/real.tree", dir + "/link.tree")
        let r = runDefuse(["fmt", dir + "/link.tree"])
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(lstat(dir + "/link.tree", &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, "the link is still a link")
        #expect(stat(dir + "/real.tree", &st) == 0 && st.st_mode & 0o7777 == 0o640)
        #expect(fileText(dir + "/real.tree") == Self.tidy)
    }

    @Test func standardInputToStandardOutput() {
        let r = runDefuse(["fmt", "-"], stdin: Self.messy.replacingOccurrences(of: "id: t\n", with: ""))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == Self.tidy.replacingOccurrences(of: "id: t\n", with: ""))
        let check = runDefuse(["fmt", "--check", "-"], stdin: Self.messy)
        #expect(check.status == 1)
        #expect(check.stdout.isEmpty)
        let broken = runDefuse(["fmt", "-"], stdin: "# T\n### x\n")
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("<stdin>:2:1: error: only two heading levels exist"))
    }

    @Test func usageErrors() {
        let none = runDefuse(["fmt"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("fmt needs the files or folders to format"))
        #expect(runDefuse(["fmt", "-", "x.tree"]).status == 2)
        #expect(runDefuse(["fmt", "--chek", "x.tree"]).stderr.contains("did you mean '--check'?"))
        let missing = runDefuse(["fmt", "/nonexistent/x.tree"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/x.tree: error: no such file or folder"))
    }
}
