@testable import DefuseCore
import DefuseTestSupport
import Testing

/// A tree keeps its file's bytes and reads parts from them when asked: text
/// joined across lines, places worked out from the bytes, ids found by a
/// table over them. These pin what that reading gives.
@Suite struct CompactModelTests {
    @Test func paragraphsAndPhrasesJoinAcrossCRLFCommentsAndIndentation() throws {
        let text = "# T\r\n## a: A\r\n  First line,  \r\n// a comment inside\r\n\tsecond line.\r\n\r\n"
            + ">   Say this,\r\n   >  and this\t\r\n// another\r\n> and this too.\r\n\r\n> Single.\r\n"
        let (tree, diags) = parse(text)
        #expect(diags.isEmpty)
        let node = try #require(tree?.nodes.first)
        #expect(node.guidance == ["First line, second line."])
        #expect(node.phrases.map(\.text) == ["Say this, and this and this too.", "Single."])
        #expect(node.phrases.map(\.position) == [Position(line: 7, column: 1), Position(line: 12, column: 1)])
    }

    @Test func aLineWithANulByteIsLeftOutOfItsParagraph() throws {
        // Past the first 8 KiB, where a NUL byte means a binary file.
        let padding = String(repeating: "// padding\n", count: 800)
        let bytes = Array("# T\n\(padding)## a: A\nBefore\n".utf8) + [0x62, 0x00, 0x61, 0x0A] + Array("after.\n".utf8)
        let (tree, diags) = TreeParser(file: "t.tree").parse(bytes, defaultID: "t")
        #expect(diags.map(\.message) == ["NUL byte in text"])
        #expect(tree?.nodes.first?.guidance == ["Before after."])
    }

    @Test func placesAreWorkedOutFromTheBytes() throws {
        let text = "# T\n\n  ## a: A\n\toutcome:   ended\n  * Ελληνικά label ->  b\n\t\t>  Phrase\n\n## b: B\ntone: calm\nEnd.\n"
        let (tree, _) = parse(text)
        let t = try #require(tree)
        let a = t.nodes[0]
        #expect(a.position == Position(line: 3, column: 3))
        #expect(a.metadata.first?.position == Position(line: 4, column: 2))
        #expect(a.metadata.first?.valueColumn == 13)
        #expect(a.choices[0].position == Position(line: 5, column: 3))
        // Columns count Unicode scalars: 'Ελληνικά' is 8 of them in 16 bytes.
        #expect(a.choices[0].targetColumn == 24)
        #expect(a.phrases.first?.position == Position(line: 6, column: 3))
        #expect(t.nodes[1].position == Position(line: 8, column: 1))
    }

    @Test func theIdTableFindsEveryIdAndNothingElse() throws {
        // Enough ids that the table grows several times from its first size,
        // and that the file is parsed in two halves, its targets looked up
        // and its graph walked on two threads (see `Parallel.threshold`),
        // with shared prefixes, the longest allowed id, and digits only.
        var ids = (0..<200_000).map { "node-\($0)" } + ["x", "1", String(repeating: "z", count: 64)]
        ids += (0..<200).map { "n\($0)" }
        var text = "# Big\n\n"
        for (i, id) in ids.enumerated() {
            text += "## \(id): Node \(i)\n"
            text += i + 1 < ids.count ? "Text.\n* Next -> \(ids[i + 1])\n\n" : "outcome: ended\nText.\n\n"
        }
        let result = loadTexts(["big.tree": text])
        #expect(result.diagnostics.isEmpty)
        let tree = try #require(result.library.tree("big"))
        #expect(tree.nodes.count == ids.count)
        let wrong = ids.indices.filter { i in
            tree.nodeIndex[ids[i]] != Int32(i) || tree.nodes[i].id != ids[i]
                || (i + 1 < ids.count && tree.nodes[i].choices[0].resolved != NodeRef(tree: 0, node: i + 1))
        }
        #expect(wrong.isEmpty)
        for absent in ["node-200000", "node-", "", "n200", "X", "node-1 ", String(repeating: "z", count: 65)] {
            #expect(tree.nodeIndex[absent] == nil)
        }
    }

    @Test func duplicateIdsKeepTheFirstNodeAndItsParts() throws {
        let (tree, diags) = parse("# T\n## a: A\n> one\n* Go -> a\n\n## a: Again\n> two\n* Back -> a\n\n## b: B\n> three\n")
        #expect(diags.map(\.message) == ["duplicate node id 'a' (first defined at line 2)"])
        let t = try #require(tree)
        #expect(t.nodes.map(\.id) == ["a", "b"])
        #expect(t.nodes.map { $0.phrases.map(\.text) } == [["one"], ["three"]])
        #expect(t.nodes[0].choices.map(\.label) == ["Go"])
        #expect(t.choiceCount == 1)
    }

    @Test func theContentHashIsOfTheFileBytes() throws {
        let bytes = Array("# T\n## a: A\nText.\n".utf8)
        let (tree, _) = TreeParser(file: "t.tree").parse(bytes, defaultID: "t")
        let hash = ContentHash.hex(bytes)
        #expect(tree?.contentHash == hash)
        #expect(tree?.contentHash == hash)  // asked again: the kept value
        var changed = bytes
        changed[changed.count - 2] = 0x21
        #expect(TreeParser(file: "t.tree").parse(changed, defaultID: "t").0?.contentHash != hash)
    }

    @Test func everyKnownNodeKeyIsKnownOnTheBytes() throws {
        for key in NodeKey.all {
            // A value each key takes: any text, but a level for intensity.
            let value = key == .intensity ? "3" : "x"
            let (tree, diags) = parse("# T\n## a: A\n\(key.name): \(value)\nText.\n")
            #expect(diags.isEmpty, "\(key)")
            #expect(tree?.nodes.first?.meta("\(key.name)") == value)
        }
        let (tree, diags) = parse("# T\n## a: A\noutcomes: x\ntone: calm\noutcome: ended\nText.\n")
        #expect(diags.map(\.message).first?.hasPrefix("unknown node metadata key 'outcomes'") == true)
        #expect(tree?.nodes.first?.tone == "calm")
        #expect(tree?.nodes.first?.outcome == "ended")
    }

    @Test func aBigFileIsReadWholeByTwoThreads() throws {
        // Past the size read in two halves at once; an odd size, so the halves differ.
        var bytes = [UInt8](repeating: 0, count: (9 << 20) + 3)
        var x: UInt32 = 2_463_534_242
        for i in bytes.indices {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5
            bytes[i] = UInt8(truncatingIfNeeded: x)
        }
        let path = makeTempDir() + "/big.bin"
        writeFile(path, bytes)
        guard case .success(let read) = FileSystem.read(path, limit: 64 << 20) else {
            Issue.record("the file was not read")
            return
        }
        #expect(read.count == bytes.count)
        #expect(read == bytes)
    }

    @Test func nodesOfTheSameFileAreEqualOnlyToThemselves() throws {
        let (tree, _) = parse("# T\n## a: A\nSame.\n\n## b: B\nSame.\n")
        let t = try #require(tree)
        #expect(t.nodes[0] == t.nodes[0])
        #expect(t.nodes[0] != t.nodes[1])
        let (again, _) = parse("# T\n## a: A\nSame.\n\n## b: B\nSame.\n")
        #expect(t.nodes[0] != again?.nodes[0])
    }
}
