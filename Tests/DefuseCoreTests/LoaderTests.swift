import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct LoaderTests {
    @Test func crossTreeTargetsResolve() throws {
        let result = Loader().load(paths: [fixtures + "/crosstree"])
        let lib = result.library
        let first = try #require(lib.tree("first"))
        let a = first.nodes[0]
        #expect(a.choices[0].resolved == lib.ref(tree: "second", node: "b"))
        #expect(a.choices[1].resolved == lib.ref(tree: "second", node: "deep"))
        #expect(a.choices[2].resolved == nil)
        let text = render(result.diagnostics, relativeTo: fixtures)
        expectGolden(text, fixtures + "/crosstree.expected")
    }

    @Test func translationsAreGroupedAndChecked() throws {
        let result = Loader().load(paths: [fixtures + "/translation"])
        #expect(result.library.trees.map(\.id) == ["src"])
        #expect(result.library.translations["src"]?.keys.sorted() == ["es", "nl"])
        #expect(result.library.languages == ["en", "es", "nl"])
        let text = render(result.diagnostics, relativeTo: fixtures)
        expectGolden(text, fixtures + "/translation.expected")
    }

    @Test func translatedNodeFallsBackToSource() throws {
        let result = loadTexts([
            "a.tree": "# A\n## s: Start\nHello.\n* go -> e\n## e: End\noutcome: resolved\nBye.\n",
            "nl/a.tree": "# A\nid: a\nlang: nl\n## s: Begin\nHallo.\n* ga -> e\n## e: Einde\noutcome: resolved\nDag.\n",
        ])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let lib = result.library
        let ref = try #require(lib.ref(tree: "a", node: "s"))
        #expect(lib.node(ref, lang: "nl").title == "Begin")
        #expect(lib.node(ref, lang: "fi").title == "Start")
        #expect(lib.node(ref, lang: nil).guidance == ["Hello."])
    }

    @Test func missingPathsAndEmptyFolders() {
        let empty = makeTempDir()
        let result = Loader().load(paths: ["/no/such/place.tree", empty])
        let text = render(result.diagnostics, relativeTo: empty)
        #expect(text.contains("/no/such/place.tree: error: no such file or folder"))
        #expect(text.contains(": error: no .tree files in this folder"))
    }

    @Test func duplicateTreeIDs() {
        let result = loadTexts([
            "one.tree": "# One\nid: same\n## a: A\noutcome: ended\nx\n",
            "two.tree": "# Two\nid: same\n## a: A\noutcome: ended\nx\n",
        ])
        #expect(result.diagnostics.contains { $0.message.hasPrefix("duplicate tree id 'same'") })
    }

    @Test func fileSizeLimit() {
        let dir = makeTempDir()
        writeFile(dir + "/big.tree", Array(String(repeating: "x", count: 2000).utf8))
        var limits = Limits()
        limits.maxFileSize = 1000
        let result = Loader(limits: limits).load(paths: [dir + "/big.tree"])
        #expect(result.diagnostics.first?.message.contains("the limit is 1000 bytes") == true)
    }

    @Test func unknownPlaybookSourcesWarn() {
        let result = loadTexts([
            "SOURCES.md": "# Sources\n## 002 — Rude customers (es)\n- `002-calm` — stay calm.\n",
            "a.tree": "# A\n## s: Start\nsource: 002-calm, 002-clam, free text\noutcome: resolved\nx\n",
        ])
        let warnings = result.diagnostics.filter { $0.message.contains("not in SOURCES.md") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("did you mean '002-calm'") == true)
        #expect(warnings.first?.location.column == 19)
    }
}
