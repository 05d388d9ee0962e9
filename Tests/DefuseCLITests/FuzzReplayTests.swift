import DefuseCore
import FuzzKit
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Replays the fuzzers' committed inputs through the code each libFuzzer
/// target runs (FuzzKit): the seed corpus in Tests/Fuzz/<target>/ and every
/// crash found so far in Tests/Fuzz/crashes/<target>/. None may crash, trap
/// or print a raw control byte.
@Suite(.serialized) struct FuzzReplayTests {
    static let targets = ["FuzzParse", "FuzzSession", "FuzzRender", "FuzzPathImport", "FuzzJournal"]

    /// The files in `dir` (none if it does not exist), sorted.
    func files(_ dir: String) -> [String] {
        guard case .success(let names) = FileSystem.list(dir) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.map { dir + "/" + $0 }
    }

    func bytes(_ path: String) -> [UInt8] {
        guard case .success(let b) = FileSystem.read(path, limit: 1 << 26) else {
            Issue.record("cannot read \(path)")
            return []
        }
        return b
    }

    static let library = FuzzEntries.bundledLibrary(root: packageRoot + "/Trees")

    func replay(_ target: String, _ input: [UInt8]) throws {
        switch target {
        case "FuzzParse": try FuzzEntries.parse(input)
        case "FuzzSession": try FuzzEntries.session(input)
        case "FuzzRender": try FuzzEntries.render(input)
        case "FuzzPathImport": try FuzzEntries.pathImport(input, library: Self.library)
        case "FuzzJournal": try FuzzEntries.journal(input, library: Self.library)
        default: Issue.record("unknown target \(target)")
        }
    }

    @Test(arguments: targets) func seedCorpus(_ target: String) throws {
        let seeds = files(packageRoot + "/Tests/Fuzz/" + target)
        #expect(seeds.count >= 4, "a seed corpus for \(target)")
        for path in seeds {
            do { try replay(target, bytes(path)) } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }

    @Test(arguments: targets) func savedCrashes(_ target: String) throws {
        for path in files(packageRoot + "/Tests/Fuzz/crashes/" + target) {
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

    /// The path-import fuzzer replays paths against the bundled trees: they
    /// load without errors, and they hold every node the seed paths that
    /// decode walk through, so the replays go past the first step.
    @Test func thePathImportSeedsWalkTheBundledTrees() {
        #expect(!Loader().load(paths: [packageRoot + "/Trees"]).hasErrors)
        var walked = 0
        for path in files(packageRoot + "/Tests/Fuzz/FuzzPathImport") {
            guard case .success(let doc) = PathDocument.decode(bytes: bytes(path)) else { continue }
            for step in doc.steps where doc.tree(step.tree)?.file.hasPrefix("Trees/") == true {
                #expect(Self.library.ref(tree: step.tree, node: step.node) != nil, "\(path): \(step.ref)")
                walked += 1
            }
        }
        #expect(walked > 0)
    }
}
