import DefuseCore
import FuzzKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Replays the fuzzers' committed inputs through the code each libFuzzer
/// target runs (FuzzKit): the seed corpus in Tests/Fuzz/<target>/ and every
/// crash found so far in Tests/Fuzz/crashes/<target>/. None may crash, trap
/// or print a raw control byte.
@Suite(.serialized) struct FuzzReplay {
    static let targets = ["FuzzParse", "FuzzSession", "FuzzRender", "FuzzPathImport"]

    /// The files in `dir` (none if it does not exist), sorted.
    func files(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(dir + "/" + name)
        }
        return names.sorted()
    }

    func bytes(_ path: String) -> [UInt8] {
        guard case .success(let b) = FileSystem.read(path, limit: 1 << 26) else {
            Issue.record("cannot read \(path)")
            return []
        }
        return b
    }

    static let library = FuzzEntries.bundledLibrary(root: root + "/Trees")

    func replay(_ target: String, _ input: [UInt8]) throws {
        switch target {
        case "FuzzParse": try FuzzEntries.parse(input)
        case "FuzzSession": try FuzzEntries.session(input)
        case "FuzzRender": try FuzzEntries.render(input)
        case "FuzzPathImport": try FuzzEntries.pathImport(input, library: Self.library)
        default: Issue.record("unknown target \(target)")
        }
    }

    @Test(arguments: targets) func seedCorpus(_ target: String) throws {
        let seeds = files(root + "/Tests/Fuzz/" + target)
        #expect(seeds.count >= 4, "a seed corpus for \(target)")
        for path in seeds {
            do { try replay(target, bytes(path)) } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }

    @Test(arguments: targets) func savedCrashes(_ target: String) throws {
        for path in files(root + "/Tests/Fuzz/crashes/" + target) {
            do { try replay(target, bytes(path)) } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }

    @Test func fuzzedCommandsNeverWriteFiles() {
        // The interpreter trims any ASCII white space and ignores case, so
        // every spelling of export goes to standard output and load is dropped.
        let lines = ["\rexport md", " EXPORT txt notes.txt", "\u{0B}export\tjson x", "expORt", "load x.json",
                     "\rLOAD y", "look", "note a;b"]
        #expect(FuzzEntries.safeCommands(lines) == ["export md -", "export txt -", "export json -", "export md -",
                                                    "look", "note a b"])
    }

    @Test func everySeedTreeLoadsOrFailsCleanly() {
        // The path-import fuzzer replays against the bundled trees: they load.
        #expect(Self.library.trees.count >= 5)
    }
}

/// The terminal-safety property the fuzzers and hostile tests rely on.
@Suite struct TerminalSafetyProperty {
    @Test func visibleEscapeShowsWholeSequences() {
        #expect(Visible.escape("\u{1B}[2J") == "\\e[2J")
        #expect(Visible.escape("\u{1B}]0;title\u{07}") == "\\e]0;title\\x07")
        #expect(Visible.escape("\u{1B}]8;;http://x\u{1B}\\link") == "\\e]8;;http://x\\e\\link")
        #expect(Visible.escape("\u{1B}P1$r\u{1B}\\") == "\\eP1$r\\e\\")
        #expect(Visible.escape("\u{9B}31m") == "<U+009B>31m")
        #expect(Visible.escape("\u{90}q\u{9C}") == "<U+0090>q<U+009C>")
        #expect(Visible.escape("a\u{202E}b\u{2066}c\u{200F}\u{61C}") == "a<U+202E>b<U+2066>c<U+200F><U+61C>")
        #expect(Visible.escape("\0\u{7F}\r\u{08}") == "\\x00\\x7f\\r\\x08")
        #expect(Visible.escape("tab\tnew\nline") == "tab new\\nline")
        #expect(Visible.escape("tab\tnew\nline", singleLine: false) == "tab\tnew\nline")
        #expect(Visible.escape("plain · café ‹›") == "plain · café ‹›")
    }

    @Test func rawControlFindsWhatATerminalWouldObey() {
        #expect(FuzzEntries.rawControl(in: Array("fine\nline · é\n".utf8)) == nil)
        #expect(FuzzEntries.rawControl(in: Array("a\u{1B}[2J".utf8))?.hasPrefix("control byte 0x1b at byte 1") == true)
        #expect(FuzzEntries.rawControl(in: [0x61, 0x9B, 0x32, 0x4A])?.hasPrefix("invalid UTF-8 byte 0x9b at byte 1") == true)
        #expect(FuzzEntries.rawControl(in: Array("x\u{9B}".utf8))?.hasPrefix("control U+9B") == true)
        #expect(FuzzEntries.rawControl(in: Array("\u{202E}".utf8))?.hasPrefix("control U+202E") == true)
        #expect(FuzzEntries.rawControl(in: [0xC0, 0x80]) != nil, "overlong")
        #expect(FuzzEntries.rawControl(in: [0xED, 0xA0, 0x80]) != nil, "surrogate")
        #expect(FuzzEntries.rawControl(in: [0xE2, 0x80]) != nil, "truncated")
        #expect(FuzzEntries.rawControl(in: Array("\t".utf8)) != nil)
        #expect(FuzzEntries.rawControl(in: Array("\u{7F}".utf8)) != nil)
    }

    @Test func requireVisibleThrowsOnRawText() {
        #expect(throws: FuzzEntries.Violation.self) { try FuzzEntries.requireVisible("a\u{1B}]0;x\u{07}", what: "t") }
        #expect(throws: FuzzEntries.Violation.self) { try FuzzEntries.requireVisible("\u{2067}", what: "t") }
        #expect(throws: Never.self) { try FuzzEntries.requireVisible("ok \\e[2J <U+202E>\n", what: "t") }
    }
}
