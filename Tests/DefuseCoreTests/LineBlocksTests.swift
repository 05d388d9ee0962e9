import DefuseCore
import DefuseTestSupport
import Testing

/// The parser finds lines with memchr in 4 KiB blocks it has seen to be
/// plain ASCII, and checks UTF-8 only on lines that touch another block.
/// A line that starts in a plain block and runs into a block with a bad byte
/// must still be checked, wherever the block edge falls.
@Suite struct LineBlocksTests {
    /// A tree whose bad line starts `lead` bytes before the 4 KiB mark at
    /// `blockEdge`, with `bad` bytes placed after that mark.
    func tree(blockEdge: Int, lead: Int, bad: [UInt8]) -> (bytes: [UInt8], line: Int, column: Int) {
        var text = Array("# T\n## a: A\n".utf8)
        var line = 3
        // ASCII comment lines up to `lead` bytes before the edge.
        while text.count + 40 < blockEdge - lead {
            text += Array("// padding padding padding padding pad\n".utf8)
            line += 1
        }
        let fill = blockEdge - lead - text.count - 1
        text += Array(("//" + String(repeating: "x", count: max(0, fill - 2)) + "\n").utf8)
        line += 1
        let start = text.count
        text += Array(String(repeating: "y", count: lead + 10).utf8) + bad + Array(" end\n* Go -> a\n".utf8)
        return (text, line, start + lead + 10 - start + 1)
    }

    @Test(arguments: [1, 5, 17, 200]) func aBadByteAfterTheBlockEdgeIsFound(lead: Int) {
        for edge in [4096, 8192 + 4096] {
            let (bytes, line, column) = tree(blockEdge: edge, lead: lead, bad: [0xFF])
            let (_, diags) = TreeParser(file: "t.tree").parse(bytes, defaultID: "t")
            #expect(diags.map(\.message) == ["invalid UTF-8 on this line; save the file as UTF-8"], "lead \(lead), edge \(edge)")
            #expect(diags.first.map { [$0.location.line, $0.location.column] } == [line, column], "lead \(lead), edge \(edge)")
        }
    }

    @Test func aNulByteAfterTheBlockEdgeIsFound() {
        // Past the first 8 KiB, where a NUL byte would mean a binary file.
        let (bytes, line, column) = tree(blockEdge: 3 * 4096, lead: 3, bad: [0x00])
        let (tree, diags) = TreeParser(file: "t.tree").parse(bytes, defaultID: "t")
        #expect(diags.map(\.message) == ["NUL byte in text"])
        #expect(diags.first.map { [$0.location.line, $0.location.column] } == [line, column])
        #expect(tree?.nodes.first?.choices.count == 1)
    }

    @Test func goodUTF8AcrossTheBlockEdgeReadsBack() throws {
        let word = "Ελληνικά"
        let (bytes, _, _) = tree(blockEdge: 4096, lead: 2, bad: Array(word.utf8))
        let (tree, diags) = TreeParser(file: "t.tree").parse(bytes, defaultID: "t")
        #expect(diags.isEmpty)
        let paragraph = try #require(tree?.nodes.first?.guidance.first)
        #expect(paragraph.hasSuffix("yy" + word + " end"))
    }
}
