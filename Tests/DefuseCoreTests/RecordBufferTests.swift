@testable import DefuseCore
import DefuseTestSupport
import Testing

/// Record buffers and file buffers take memory of their own, in 2 MiB pages
/// where they will be filled. Whatever memory they sit in, they must keep
/// every record, across growth, moves and giving back unused pages.
@Suite struct RecordBufferTests {
    struct Record: Equatable {
        var a: Int32
        var b: Int32
        var c: UInt8
    }

    func record(_ i: Int) -> Record { Record(a: Int32(i), b: Int32(-i), c: UInt8(truncatingIfNeeded: i)) }

    @Test func recordsSurviveTheMoveFromTheNurseryToMappedMemory() {
        // 300,000 records of 12 bytes: past the nursery and past 1 MiB, so
        // the buffer moves to memory of its own and grows there.
        var buffer = RecordBuffer<Record>(capacity: 100_000)
        for i in 0..<300_000 {
            if i == 50_000 { buffer.expect(300_000) }
            buffer.append(record(i))
        }
        #expect(buffer.count == 300_000)
        #expect(buffer.capacity >= 300_000)
        #expect((0..<300_000).allSatisfy { buffer[$0] == record($0) })
        buffer.trim()
        #expect(buffer[299_999] == record(299_999))
        // Appending after a trim touches the given-back pages again.
        for i in 300_000..<400_000 { buffer.append(record(i)) }
        #expect((0..<400_000).allSatisfy { buffer[$0] == record($0) })
    }

    @Test func removingAndAppendingKeepsTheRestInPlace() {
        var buffer = RecordBuffer<Int32>(capacity: 10)
        for i in 0..<1000 { buffer.append(Int32(i)) }
        #expect(buffer.count == 1000 && buffer.last == 999)
        buffer.removeLast(990)
        #expect(Array(buffer.buffer) == (0..<10).map(Int32.init))
        let more: [Int32] = [1, 2, 3]
        more.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
        #expect(Array(buffer.buffer.suffix(4)) == [9, 1, 2, 3])
    }

    @Test func aMappedTextBufferHoldsTheFileExactly() throws {
        // 5 MB: mapped, with a last 2 MiB page partly filled.
        let bytes = (0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let text = TextBuffer(bytes)
        #expect(text.count == bytes.count)
        #expect(text.bytes == bytes)
        #expect(TextBuffer([]).count == 0 && TextBuffer([]).bytes.isEmpty)
        // A tree parsed from such a buffer reads its parts back out of it.
        let body = (0..<20_000).map { "## n\($0): Node \($0)\nSay something.\n* Go on -> n\(($0 + 1) % 20_000)\n" }.joined()
        let (tree, diags) = TreeParser(file: "big.tree").parse(TextBuffer(Array(("# Big\n" + body).utf8)), defaultID: "big")
        #expect(diags.isEmpty)
        #expect(tree?.nodes.count == 20_000)
        #expect(tree?.nodes[19_999].choices.first?.label == "Go on")
    }
}
