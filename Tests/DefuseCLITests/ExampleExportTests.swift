@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Each script in `Examples/` (`NAME.defuse`) and what it exports,
/// `NAME.md` and `NAME.json`, with a fixed clock: this test fails when they
/// go stale, and DEFUSE_RECORD=1 regenerates them.
@Suite struct ExampleExportTests {
    static let scripts: [String] = {
        guard case .success(let names) = FileSystem.list(packageRoot + "/Examples") else { return [] }
        return names.filter { $0.hasSuffix(".defuse") }.map { String($0.dropLast(7)) }
    }()

    @Test func theExamplesAreThere() {
        #expect(Set(Self.scripts).isSuperset(of: ["workshop-demo", "drill-walk", "explore-and-back"]))
    }

    @Test(arguments: scripts) func exports(_ name: String) throws {
        let loaded = Loader().load(paths: [packageRoot + "/Trees"])
        let doc = try #require(walkExample(packageRoot + "/Examples/\(name).defuse", trees: ["Trees"],
                                           start: 1_795_444_200, step: 20))
        expectGolden(ExportFormat.md.render(doc, library: loaded.library), packageRoot + "/Examples/\(name).md")
        expectGolden(ExportFormat.json.render(doc, library: loaded.library), packageRoot + "/Examples/\(name).json")
        // The JSON example is a valid path that replays cleanly.
        if case .success(let back) = PathDocument.decode(text: doc.encoded()) {
            #expect(Replay.run(back, library: loaded.library).clean)
        } else {
            Issue.record("the example JSON does not decode")
        }
    }
}
