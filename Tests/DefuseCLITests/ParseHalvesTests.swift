import DefuseCore
import FuzzKit
import Testing

/// Big files are read in two halves at once and joined. Whatever the file,
/// the result must be exactly what one pass gives: the same nodes, parts,
/// places and findings (`FuzzEntries.parse` checks the same on any input).
@Suite struct ParseHalvesTests {
    func dump(_ result: (Tree?, [Diagnostic])) -> String { FuzzEntries.describe(result) }

    func parse(_ bytes: [UInt8], halves: Bool) -> (Tree?, [Diagnostic]) {
        var parser = TreeParser(file: "big.tree")
        parser.halvesThreshold = halves ? 0 : Int.max
        return parser.parse(bytes, defaultID: "big")
    }

    func expectSame(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        #expect(dump(parse(bytes, halves: false)) == dump(parse(bytes, halves: true)), sourceLocation: sourceLocation)
    }

    /// A tree of `count` nodes with every kind of line, indentation, CRLF,
    /// comments inside blocks and text in several scripts; `extra(i)` is
    /// added to node `i`.
    func tree(_ count: Int, extra: (Int) -> String = { _ in "" }) -> String {
        var out = "\u{FEFF}// a comment before the title\n# A big tree\nid: big\nstart: n0\nlang: en\n\n"
        for i in 0..<count {
            out += "## n\(i): Step \(i) — ετοιμότητα \(i)\n"
            out += i % 3 == 0 ? "tone: calm\nsource: A1-01\n" : "tags: x, y\n"
            if i == count - 1 { out += "outcome: resolved\n" }
            out += "  Guidance of step \(i),\r\n// a comment inside the paragraph\n   going on here.  \n\n"
            out += "> Say this, \(i),\n>   and this.\n\n> Or: «\(i)» ☕\n>\n"
            out += extra(i)
            if i + 1 < count {
                out += "* Next -> n\(i + 1)\n\t*   Skip ahead   ->   n\(min(count - 1, i + 2))\r\n* Other tree -> other#start\n"
            }
            out += "\n"
        }
        return out
    }

    @Test func cleanTreesReadTheSameInHalves() {
        expectSame(tree(2))
        expectSame(tree(3))
        expectSame(tree(50))
        expectSame(tree(401))
    }

    @Test func bundledTreesReadTheSameInHalves() throws {
        var count = 0
        for folder in ["", "/nl", "/es", "/el", "/fi"] {
            let dir = root + "/Trees" + folder
            guard case .success(let names) = FileSystem.list(dir) else { continue }
            for name in names where name.hasSuffix(".tree") {
                guard case .success(let bytes) = FileSystem.read(dir + "/" + name, limit: 1 << 20) else { continue }
                #expect(dump(parse(bytes, halves: false)) == dump(parse(bytes, halves: true)), "\(folder)/\(name)")
                count += 1
            }
        }
        #expect(count >= 25)
    }

    /// Findings in the second half, or ones that need both halves, make the
    /// parser read the file again in one go: the findings are the usual ones.
    @Test func findingsAreTheSameAsInOnePass() {
        // A node id used in both halves, and one used twice in the second.
        expectSame(tree(40) { $0 == 35 ? "\n## n2: Again\nText.\n" : "" })
        expectSame(tree(40) { $0 == 35 ? "\n## n31: Again\nText.\n" : "" })
        // A second title, a bad target, a bad heading, an unknown key in the second half.
        expectSame(tree(40) { $0 == 30 ? "\n# Another title\n" : "" })
        expectSame(tree(40) { $0 == 30 ? "* Broken -> Not An Id\n" : "" })
        expectSame(tree(40) { $0 == 30 ? "### too deep\n" : "" })
        expectSame(tree(40) { $0 == 30 ? "\n## n30b: Meta\ncolour: red\nText.\n" : "" })
        // Findings only in the first half.
        expectSame(tree(40) { $0 == 3 ? "* Broken -> Not An Id\n" : "" })
        // An error flood in the first half stops the file there.
        expectSame(tree(40) { $0 == 2 ? String(repeating: "* no arrow\n", count: 60) : "" })
        // Invalid UTF-8 and a NUL byte late in the file.
        var bytes = Array(tree(40).utf8)
        bytes.insert(contentsOf: [0x0A, 0x41, 0xC3, 0x28, 0x0A, 0x42, 0x00, 0x43, 0x0A], at: bytes.count - 30)
        #expect(dump(parse(bytes, halves: false)) == dump(parse(bytes, halves: true)))
    }

    @Test func noTitleBeforeTheSecondHalf() {
        // Found by FuzzParse: without a title in the first half, one pass
        // reports it missing at the first node, which is in the second.
        expectSame("* a -> b\n" + String(repeating: "* c -> d\n", count: 40) + "## done: Done\noutcome: resolved\nx\n")
        expectSame(String(repeating: "Text before any title.\n", count: 30) + "## a: A\nx\n\n## b: B\ny\n")
    }

    @Test func aLongFirstNodeAndAShortSecond() {
        expectSame("# T\n\n## a: A\n" + String(repeating: "Some guidance that goes on.\n", count: 200)
            + "\n* Go -> b\n\n## b: B\noutcome: ended\nEnd.\n")
    }

    @Test func loadingABigTreeGivesTheSameLibrary() throws {
        // Through the loader, with the default size threshold crossed.
        let text = tree(20_000)
        #expect(text.utf8.count >= TreeParser.defaultHalvesThreshold || TreeParser.defaultHalvesThreshold == Int.max)
        let dir = tempDir()
        writeText(dir + "/big.tree", text)
        writeText(dir + "/other.tree", "# Other\n## start: Start\noutcome: ended\nEnd.\n")
        let result = Loader().load(paths: [dir])
        #expect(result.diagnostics.isEmpty)
        let tree = try #require(result.library.tree("big"))
        #expect(tree.nodes.count == 20_000)
        #expect(dump((tree, [])) == dump(parse(Array(text.utf8), halves: false)))
    }
}
