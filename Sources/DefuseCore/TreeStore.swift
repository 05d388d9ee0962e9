#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A byte range in a tree file's text.
struct Span: Sendable {
    var start: Int32
    var end: Int32

    init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    var isEmpty: Bool { start >= end }
    var count: Int { Int(end - start) }
}

// Records keep a line number and spans; a column is worked out from the
// text when asked for (diagnostics and exports), as every record starts at
// its line's first non-blank character.

/// `## id: Title`: the id is a span into the id arena, the title into the text.
struct NodeRecord: Sendable {
    var id: Span
    var title: Span
    var line: Int32
}

/// `* label -> target`. A target is a well-formed `node`, `tree#node` or
/// `tree`, so at most 129 bytes; `hashOffset` is where its `#` is (0: none).
struct ChoiceRecord: Sendable {
    var label: Span
    var targetStart: Int32
    var line: Int32
    var targetLength: UInt8
    var hashOffset: UInt8

    var target: Span { Span(Int(targetStart), Int(targetStart) + Int(targetLength)) }
    /// The index of the target's `#` in the text, or -1.
    var hash: Int { hashOffset == 0 ? -1 : Int(targetStart) + Int(hashOffset) }
}

/// A phrase: its text (the first line's, or the lines joined) and line.
struct PhraseRecord: Sendable {
    var text: Span
    var line: Int32
}

/// A `key: value` line of a node; `kind` says which known key it is, so
/// checks need not read the key's bytes again.
struct MetaRecord: Sendable {
    var key: Span
    var value: Span
    var line: Int32
    var kind: MetaKey
}

/// The node metadata keys the format knows; `TreeParser.nodeKeys` lists
/// their names in this order.
enum MetaKey: UInt8, Sendable, CaseIterable {
    case other, source, outcome, tone, tags

    var name: StaticString? {
        switch self {
        case .other: nil
        case .source: "source"
        case .outcome: "outcome"
        case .tone: "tone"
        case .tags: "tags"
        }
    }

    /// The known keys (made once: `allCases` builds an array each time).
    static let named = allCases.filter { $0.name != nil }

    init(_ key: UnsafeBufferPointer<UInt8>) {
        for kind in Self.named {
            let name = kind.name!
            if key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0 {
                self = kind
                return
            }
        }
        self = .other
    }
}

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
    let guidance: RecordBuffer<Span>
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
         guidanceStart: consuming RecordBuffer<Int32>, guidance: consuming RecordBuffer<Span>,
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

    func string(_ s: Span) -> String {
        if s.isEmpty { return "" }
        return text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(s.start)..<Int(s.end)]), as: UTF8.self)
        }
    }

    /// The text of a paragraph or phrase: the span's own bytes when it is one
    /// line, else its lines trimmed and joined with single spaces, leaving out
    /// comment lines (and, in a phrase, each continuation line's `>`), exactly
    /// as the parser read them.
    func joined(_ s: Span, phrase: Bool) -> String {
        let start = Int(s.start)
        let end = Int(s.end)
        if start >= end { return "" }
        return text.withUnsafeBufferPointer { p -> String in
            let base = p.baseAddress!
            guard memchr(base + start, 0x0A, end - start) != nil else {
                return String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(end - start)
            var lineStart = start
            var first = true
            while lineStart < end {
                var lineEnd = end
                if let hit = memchr(base + lineStart, 0x0A, end - lineStart) {
                    lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                var a = lineStart
                var b = lineEnd
                while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
                while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D { b -= 1 }
                lineStart = lineEnd + 1
                if first {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
                    first = false
                    continue
                }
                // Lines the parser passed over inside a block: comments and
                // lines with a NUL byte (an error of their own).
                if b - a >= 2 && p[a] == 0x2F && p[a + 1] == 0x2F { continue }
                if a < b, memchr(base + a, 0, b - a) != nil { continue }
                if phrase, a < b, p[a] == 0x3E {
                    a += 1
                    while a < b, p[a] == 0x20 || p[a] == 0x09 { a += 1 }
                }
                if a == b { continue }
                out.append(0x20)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<b]))
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    func idString(_ s: Span) -> String {
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
    /// (tree `tree` of the library); `NodeRef.none` for the others. A big
    /// tree's choices are looked up in two halves at once.
    func localTargets(tree: Int) -> RecordBuffer<NodeRef> {
        let count = choices.count
        var refs = RecordBuffer<NodeRef>(count: count, repeating: .none)
        let out = Handed(UnsafeMutableBufferPointer(mutating: refs.buffer))
        if count >= Parallel.threshold {
            let half = count / 2
            Parallel.both({ self.localTargets(tree: tree, choices: half..<count, into: out) },
                          { localTargets(tree: tree, choices: 0..<half, into: out) })
        } else {
            localTargets(tree: tree, choices: 0..<count, into: out)
        }
        return refs
    }

    private func localTargets(tree: Int, choices range: Range<Int>,
                              into out: Handed<UnsafeMutableBufferPointer<NodeRef>>) {
        index.findTargets(of: choices.buffer, range, text: text.buffer, nodes: nodes.buffer, ids: ids.buffer,
                          tree: Int32(truncatingIfNeeded: tree), into: out.value)
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

/// Node id to node index, by open addressing. A slot is 32 bits: the node
/// index, and above it as many bits of the id's hash as fit, so the table
/// of a 100,000-node tree takes half a megabyte and stays in the
/// processor's cache, and a probe reads an id's bytes only when the hash
/// bits agree. Building and probing it makes no strings.
struct IDTable: Sendable {
    /// `tag << indexBits | (index + 1)`, 0 for an empty slot; a power of two of them.
    private(set) var slots: [UInt32]
    private var shift: Int
    private let indexBits: Int
    private(set) var count = 0

    /// A table for about `expected` ids, each below `maxNodes`.
    init(expected: Int, maxNodes: Int) {
        indexBits = min(31, max(1, Int.bitWidth - (maxNodes + 1).leadingZeroBitCount))
        var bits = 4
        while (1 << bits) * 4 < expected * 5 { bits += 1 }
        slots = [UInt32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    /// FNV-1a 64 of the bytes, multiplied by 2^64 / φ, which spreads every
    /// bit of it into the top bits.
    static func hash(_ u: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in u { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    private func home(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> UInt64(shift)) }

    /// The hash bits kept in a slot, in place; bits just below those that
    /// chose the home slot.
    private func tag(_ h: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: h >> UInt64(shift - 32)) & ~((1 << UInt32(indexBits)) - 1)
    }

    private var indexMask: UInt32 { (1 << UInt32(indexBits)) - 1 }

    func find(_ key: UnsafeBufferPointer<UInt8>, nodes: UnsafeBufferPointer<NodeRecord>,
              ids: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard key.count <= Identifier.maxLength else { return nil }
        let h = Self.hash(key)
        return probe(key, hash: h, from: home(h), nodes: nodes, ids: ids).0
    }

    /// Finds `key`, probing from slot `start`: the node index, or nil and
    /// the empty slot where the key would go.
    private func probe(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, from start: Int,
                       nodes: UnsafeBufferPointer<NodeRecord>, ids: UnsafeBufferPointer<UInt8>) -> (Int32?, Int) {
        let tag = tag(h)
        let indexMask = indexMask
        let mask = slots.count - 1
        var i = start
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[i]
                if s == 0 { return (nil, i) }
                if s & ~indexMask == tag {
                    let n = Int(s & indexMask) - 1
                    let id = nodes[n].id
                    if id.count == key.count,
                       key.count == 0 || memcmp(ids.baseAddress! + Int(id.start), key.baseAddress!, key.count) == 0 {
                        return (Int32(n), i)
                    }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Looks up the target of each choice in `range` that names a node
    /// (no `#`), and sets `out[c]` to the node found. Slots are read a batch
    /// ahead, so the processor waits for several cache misses at a time
    /// instead of one after another.
    func findTargets(of choices: UnsafeBufferPointer<ChoiceRecord>, _ range: Range<Int>,
                     text: UnsafeBufferPointer<UInt8>, nodes: UnsafeBufferPointer<NodeRecord>,
                     ids: UnsafeBufferPointer<UInt8>, tree: Int32, into out: UnsafeMutableBufferPointer<NodeRef>) {
        let batch = 16
        let indexMask = indexMask
        let mask = slots.count - 1
        guard let textBase = text.baseAddress, let idBase = ids.baseAddress else { return }
        slots.withUnsafeBufferPointer { slots in
            withUnsafeTemporaryAllocation(of: (hash: UInt64, home: Int, id: Span).self, capacity: batch) { pending in
                var k = range.lowerBound
                while k < range.upperBound {
                    let end = min(k + batch, range.upperBound)
                    // Three passes over a batch, each starting the next
                    // one's memory reads for all its keys: the home slot,
                    // then the node the slot names, then the id's bytes.
                    for c in k..<end {
                        let r = choices[c]
                        guard r.hashOffset == 0 else {
                            pending[c - k] = (0, -1, Span(0, 0))
                            continue
                        }
                        let h = Self.hash(UnsafeBufferPointer(start: textBase + Int(r.targetStart), count: Int(r.targetLength)))
                        pending[c - k] = (h, home(h), Span(0, 0))
                    }
                    for c in k..<end {
                        let (h, start, _) = pending[c - k]
                        guard start >= 0 else { continue }
                        let s = slots[start]
                        if s != 0 && s & ~indexMask == tag(h) {
                            pending[c - k].id = nodes[Int(s & indexMask) - 1].id
                        }
                    }
                    for c in k..<end {
                        let (h, start, first) = pending[c - k]
                        if start < 0 { continue }
                        let r = choices[c]
                        let key = textBase + Int(r.targetStart)
                        let length = Int(r.targetLength)
                        // The usual case: the home slot holds the node.
                        if first.count == length && length > 0 && Self.same(idBase + Int(first.start), key, length) {
                            out[c] = NodeRef(tree: Int(tree), node: Int(slots[start] & indexMask) - 1)
                            continue
                        }
                        let tag = tag(h)
                        var i = start
                        while true {
                            let s = slots[i]
                            if s == 0 { break }
                            if s & ~indexMask == tag {
                                let n = Int(s & indexMask) - 1
                                let id = nodes[n].id
                                if id.count == length && Self.same(idBase + Int(id.start), key, length) {
                                    out[c] = NodeRef(tree: Int(tree), node: n)
                                    break
                                }
                            }
                            i = (i + 1) & mask
                        }
                    }
                    k = end
                }
            }
        }
    }

    /// Whether `n` bytes at `a` and `b` are the same (ids are short).
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Adds node `index`, whose id is at `id` in `ids`, unless the id is
    /// there: returns the node that already has it, or nil after adding.
    mutating func insert(_ id: Span, index: Int32, nodes: UnsafeBufferPointer<NodeRecord>,
                         ids: UnsafeBufferPointer<UInt8>) -> Int32? {
        if (count + 1) * 5 > slots.count * 4 { grow(nodes: nodes, ids: ids) }
        let key = UnsafeBufferPointer(rebasing: ids[Int(id.start)..<Int(id.end)])
        let h = Self.hash(key)
        let (found, slot) = probe(key, hash: h, from: home(h), nodes: nodes, ids: ids)
        if let found { return found }
        slots[slot] = tag(h) | (UInt32(index) + 1)
        count += 1
        return nil
    }

    private mutating func grow(nodes: UnsafeBufferPointer<NodeRecord>, ids: UnsafeBufferPointer<UInt8>) {
        let old = slots
        slots = [UInt32](repeating: 0, count: old.count * 2)
        shift -= 1
        let indexMask = indexMask
        let mask = slots.count - 1
        for s in old where s != 0 {
            let n = Int(s & indexMask) - 1
            let id = nodes[n].id
            let h = Self.hash(UnsafeBufferPointer(rebasing: ids[Int(id.start)..<Int(id.end)]))
            var i = home(h)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = tag(h) | UInt32(n + 1)
        }
    }
}
