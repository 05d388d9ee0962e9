import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct BrokenFixtureTests {
    static let names: [String] = {
        guard case .success(let list) = FileSystem.list(fixtures + "/broken") else { return [] }
        return list.filter { $0.hasSuffix(".tree") }
    }()

    @Test(arguments: names)
    func diagnosticsMatchGolden(_ name: String) {
        let path = fixtures + "/broken/" + name
        let result = Loader().load(paths: [path])
        #expect(result.diagnostics.count > 0)
        let text = render(result.diagnostics, relativeTo: fixtures)
        expectGolden(text, fixtures + "/broken/" + name.dropLast(5) + ".expected")
    }

    /// Each broken tree has its golden findings and each golden file its
    /// tree: a golden file left behind by a renamed fixture would go unread.
    @Test func fixturesAndGoldenFilesComeInPairs() throws {
        let all = try FileSystem.list(fixtures + "/broken").get()
        let trees = Set(all.filter { $0.hasSuffix(".tree") }.map { $0.dropLast(5) })
        let goldens = Set(all.filter { $0.hasSuffix(".expected") }.map { $0.dropLast(9) })
        #expect(!trees.isEmpty)
        #expect(trees == goldens, "without a golden file: \(trees.subtracting(goldens).sorted()); without a tree: \(goldens.subtracting(trees).sorted())")
    }
}
