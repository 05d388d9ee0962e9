import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct ParserErrorTests {
    @Test func invalidUTF8NamesLineAndColumn() {
        let (_, diags) = TreeParser(file: "f.tree").parse(Array("# T\n## a: A\nab".utf8) + [0xC3, 0x28], defaultID: "f")
        let d = diags.first { $0.message.contains("UTF-8") }
        #expect(d?.location.line == 3)
        #expect(d?.location.column == 3)
    }

    @Test func overlongAndSurrogatesAreInvalid() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let (_, diags) = TreeParser(file: "f.tree").parse(Array("# T\n## a: A\n".utf8) + bad, defaultID: "f")
            #expect(diags.contains { $0.message.contains("UTF-8") }, "\(bad)")
        }
    }

    @Test func errorFloodIsCapped() {
        let text = "# T\n" + String(repeating: "* no arrow\n", count: 500)
        let (_, diags) = parse(text)
        #expect(diags.count == TreeParser.errorLimit + 1)
        #expect(diags.last?.message.contains("too many errors") == true)
    }

    @Test func limitsOnChoicesAndLines() {
        var limits = Limits()
        limits.maxChoicesPerNode = 3
        limits.maxLineLength = 40
        let text = "# T\n## a: A\nx\n* 1 -> b\n* 2 -> b\n* 3 -> b\n* 4 -> b\n* 5 -> b\n" + String(repeating: "y", count: 41) + "\n## b: B\noutcome: ended\nz\n"
        let (tree, diags) = TreeParser(file: "t.tree", limits: limits).parse(text, defaultID: "t")
        #expect(tree?.nodes.first?.choices.count == 3)
        #expect(diags.filter { $0.message.contains("too many choices") }.count == 1)
        #expect(diags.contains { $0.message.contains("line is 41 bytes long") && $0.location.line == 9 })
    }
}
