@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `make install` and `make uninstall`, staged under a DESTDIR, with the
/// defuse already built (`install-files BIN=...`, which builds nothing).
@Suite struct InstallTests {
    /// What install writes besides the trees, under DESTDIR, with its mode.
    static let files: [(String, mode_t)] = [
        ("usr/bin/defuse", 0o755),
        ("usr/share/man/man1/defuse.1", 0o644),
        ("usr/share/bash-completion/completions/defuse", 0o644),
        ("usr/share/zsh/site-functions/_defuse", 0o644),
        ("usr/share/fish/vendor_completions.d/defuse.fish", 0o644),
    ]

    /// The regular files under `root`, relative to it, sorted.
    static func filesUnder(_ root: String) -> [String] {
        var found: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            guard case .success(let names) = FileSystem.list(root + "/" + folder) else { continue }
            for name in names {
                let path = folder.isEmpty ? name : folder + "/" + name
                switch FileSystem.kind(root + "/" + path) {
                case .directory: folders.append(path)
                case .file: found.append(path)
                default: break
                }
            }
        }
        return found.sorted()
    }

    static func mode(_ path: String) -> mode_t {
        var s = stat()
        return stat(path, &s) == 0 ? s.st_mode & 0o7777 : 0
    }

    @Test(.enabled(if: installed("make"), "make is not installed"))
    func installPutsEverythingInPlaceAndUninstallTakesExactlyThatAway() {
        let dest = makeTempDir()
        // Someone else's files, in the folders defuse installs into.
        for folder in ["/usr", "/usr/bin", "/usr/share", "/usr/share/man", "/usr/share/man/man1"] { mkdir(dest + folder, 0o755) }
        writeText(dest + "/usr/bin/other", "")
        writeText(dest + "/usr/share/man/man1/other.1", "")
        let env = ["PATH": "/usr/bin:/bin", "HOME": dest, "LANG": "C.UTF-8"]
        let make = ["-s", "--no-print-directory", "-C", packageRoot]

        let install = runProgram("make", make + ["install-files", "DESTDIR=" + dest, "PREFIX=/usr", "BIN=" + defuseBinary],
                                 environment: env, cwd: dest)
        #expect(install.status == 0, "make install-files: \(install.stderr)")
        for (file, mode) in Self.files {
            #expect(Self.mode(dest + "/" + file) == mode, "\(file): mode \(String(Self.mode(dest + "/" + file), radix: 8))")
        }
        #expect(fileText(dest + "/usr/share/man/man1/defuse.1") == runDefuse(["help", "--man"]).stdout)
        for (shell, file) in [("bash", "bash-completion/completions/defuse"), ("zsh", "zsh/site-functions/_defuse"),
                              ("fish", "fish/vendor_completions.d/defuse.fish")] {
            #expect(fileText(dest + "/usr/share/" + file) == runDefuse(["completion", shell]).stdout, "\(shell) script")
        }
        #expect(Self.filesUnder(dest + "/usr/share/defuse/Trees") == Self.filesUnder(packageRoot + "/Trees"))

        // The installed defuse finds the installed trees from its own place
        // (no ./Trees here, no DEFUSE_TREES): what `defuse --open <Tab>` offers.
        let ids = runProgram(dest + "/usr/bin/defuse", ["completion", "--list", "trees"], environment: env, cwd: dest)
        let bundled = Loader().load(paths: [packageRoot + "/Trees"]).library.trees.map(\.id)
        #expect(!bundled.isEmpty)
        #expect(ids.status == 0 && ids.stdout == bundled.map { $0 + "\n" }.joined())

        let uninstall = runProgram("make", make + ["uninstall", "DESTDIR=" + dest, "PREFIX=/usr"], environment: env, cwd: dest)
        #expect(uninstall.status == 0, "make uninstall: \(uninstall.stderr)")
        #expect(uninstall.stdout.isEmpty)
        #expect(Self.filesUnder(dest) == ["usr/bin/other", "usr/share/man/man1/other.1"])
        #expect(FileSystem.kind(dest + "/usr/share/defuse") == .missing)
    }
}
