#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The parsed form of one `.tree` file, kept compact: the file's bytes once,
/// and every node, choice, phrase and paragraph as a span into them (node
/// ids also sit together in a small arena, where looking one up stays in
/// the processor's cache). Strings are made only when a part is read, so a
/// 100,000-node tree costs little more memory than its file, and loading
/// allocates a handful of arrays instead of a dozen objects per node.
///
/// The parts of node `i` are `choices[choiceStart[i]..<choiceStart[i + 1]]`,
/// and likewise for metadata, guidance and phrases.
final class TreeStore: Sendable {
    let text: TextBuffer
    /// The node ids, one after another (`NodeRecord.id` spans into it).
    let ids: RecordBuffer<UInt8>
    let nodes: RecordBuffer<NodeRecord>
    let metaStart: RecordBuffer<Int32>
    let metas: RecordBuffer<MetaRecord>
    let guidanceStart: RecordBuffer<Int32>
    /// A paragraph's span runs from its first character to its last; when it
    /// covers several lines they are joined with single spaces on reading.
    let guidance: RecordBuffer<TextSpan>
    let phraseStart: RecordBuffer<Int32>
    let phrases: RecordBuffer<PhraseRecord>
    let choiceStart: RecordBuffer<Int32>
    let choices: RecordBuffer<ChoiceRecord>
    let index: IDTable
    /// `ContentHash` of the text, worked out the first time it is asked for
    /// (exports and journals need it; loading does not).
    private let hashValue = Atomic<UInt64>(0)
    private let hashKnown = Atomic<Bool>(false)

    var contentHash: UInt64 {
        if hashKnown.load(ordering: .acquiring) { return hashValue.load(ordering: .relaxed) }
        let h = text.withUnsafeBufferPointer { ContentHash.value($0) }
        hashValue.store(h, ordering: .relaxed)
        hashKnown.store(true, ordering: .releasing)
        return h
    }

    init(text: TextBuffer, ids: consuming RecordBuffer<UInt8>, nodes: consuming RecordBuffer<NodeRecord>,
         metaStart: consuming RecordBuffer<Int32>, metas: consuming RecordBuffer<MetaRecord>,
         guidanceStart: consuming RecordBuffer<Int32>, guidance: consuming RecordBuffer<TextSpan>,
         phraseStart: consuming RecordBuffer<Int32>, phrases: consuming RecordBuffer<PhraseRecord>,
         choiceStart: consuming RecordBuffer<Int32>, choices: consuming RecordBuffer<ChoiceRecord>, index: IDTable) {
        self.text = text
        self.ids = ids
        self.nodes = nodes
        self.metaStart = metaStart
        self.metas = metas
        self.guidanceStart = guidanceStart
        self.guidance = guidance
        self.phraseStart = phraseStart
        self.phrases = phrases
        self.choiceStart = choiceStart
        self.choices = choices
        self.index = index
    }

    func string(_ s: TextSpan) -> String {
        if s.isEmpty { return "" }
        return text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(s.start)..<Int(s.end)]), as: UTF8.self)
        }
    }

    /// The text of a paragraph or phrase: the span's own bytes when it is one
    /// line, else its lines trimmed and joined with single spaces, leaving out
    /// comment lines (and, in a phrase, each continuation line's `>`), exactly
    /// as the parser read them.
    func joined(_ s: TextSpan, phrase: Bool) -> String {
        let start = Int(s.start)
        let end = Int(s.end)
        if start >= end { return "" }
        return text.withUnsafeBufferPointer { p -> String in
            guard memchr(p.baseAddress! + start, 0x0A, end - start) != nil else {
                return String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(end - start)
            TreeStore.forEachPart(p, start, end, phrase: phrase) { a, b, line in
                if line > 0 { out.append(0x20) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
                return true
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Where byte `offset` of `joined(s, phrase:)` stands in the file: its
    /// line (`firstLine` is the span's) and column.
    func position(in s: TextSpan, firstLine: Int32, phrase: Bool, offset: Int) -> Position {
        text.withUnsafeBufferPointer { p -> Position in
            var found = (line: 0, byte: Int(s.start))
            var used = 0
            TreeStore.forEachPart(p, Int(s.start), Int(s.end), phrase: phrase) { a, b, line in
                found = (line, a + max(0, min(offset - used, b - a)))
                // Each part is followed in the joined text by one space.
                used += (b - a) + 1
                return offset >= used
            }
            return Position(line: Int(firstLine) + found.line,
                            column: UTF8Check.scalarCount(p, lineStart(found.byte), found.byte) + 1)
        }
    }

    /// Calls `body` with each line's part of the span that `joined` keeps
    /// (bytes `a..<b`) and that line's number counted from the span's
    /// first (0); `body` returns false to stop.
    private static func forEachPart(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, phrase: Bool,
                                    _ body: (Int, Int, Int) -> Bool) {
        let base = p.baseAddress!
        var lineStart = start
        var line = -1
        while lineStart < end {
            line += 1
            var lineEnd = end
            if let hit = memchr(base + lineStart, 0x0A, end - lineStart) {
                lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            var a = lineStart
            var b = lineEnd
            while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
            while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D { b -= 1 }
            lineStart = lineEnd + 1
            if line > 0 {
                // Lines the parser passed over inside a block: comments and
                // lines with a NUL byte (an error of their own).
                if b - a >= 2 && p[a] == 0x2F && p[a + 1] == 0x2F { continue }
                if a < b, memchr(base + a, 0, b - a) != nil { continue }
                if phrase, a < b, p[a] == 0x3E {
                    a += 1
                    while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
                }
                if a == b { continue }
            }
            if !body(a, b, line) { return }
        }
    }

    func idString(_ s: TextSpan) -> String {
        ids.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(s.start)..<Int(s.end)]), as: UTF8.self)
        }
    }

    /// The index of node `id`, or nil.
    func lookup(_ id: String) -> Int32? {
        var id = id
        return id.withUTF8 { u in
            nodes.withUnsafeBufferPointer { n in ids.withUnsafeBufferPointer { index.find(u, nodes: n, ids: $0) } }
        }
    }

    /// Where each choice leads when its target names a node of this tree
    /// (tree `tree` of the library); `NodeRef.none` for the others.
    func localTargets(tree: Int) -> RecordBuffer<NodeRef> {
        var refs = RecordBuffer<NodeRef>(count: choices.count, repeating: .none)
        let t = text.buffer, n = nodes.buffer, i = ids.buffer
        for c in 0..<choices.count where choices[c].hashOffset == 0 {
            let r = choices[c]
            let key = UnsafeBufferPointer(rebasing: t[Int(r.targetStart)..<Int(r.targetStart) + Int(r.targetLength)])
            if let found = index.find(key, nodes: n, ids: i) { refs.set(c, NodeRef(tree: tree, node: Int(found))) }
        }
        return refs
    }

    /// Where the line holding byte `index` starts (after a byte order mark).
    func lineStart(_ index: Int) -> Int {
        text.withUnsafeBufferPointer { p in
            var i = min(index, p.count)
            while i > 0 && p[i - 1] != 0x0A { i -= 1 }
            if i == 0 && p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { return 3 }
            return i
        }
    }

    /// The 1-based column, in Unicode scalars, of byte `index`.
    func column(_ index: Int32) -> Int32 {
        let start = lineStart(Int(index))
        return text.withUnsafeBufferPointer { Int32(UTF8Check.scalarCount($0, start, max(start, Int(index))) + 1) }
    }

    /// The place of a record that starts its line `line`, which holds byte
    /// `index`: its column is that of the line's first non-blank character.
    func position(line: Int32, holding index: Int32) -> Position {
        let start = lineStart(Int(index))
        let first = text.withUnsafeBufferPointer { p in
            var i = start
            while i < p.count && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
            return i
        }
        return Position(line: Int(line), column: first - start + 1)
    }

    func position(ofChoice c: Int) -> Position {
        position(line: choices[c].line, holding: choices[c].label.start)
    }

    func targetColumn(ofChoice c: Int) -> Int32 { column(choices[c].targetStart) }
}
