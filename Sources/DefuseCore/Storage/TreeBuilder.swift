#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the grammar puts what it reads: the one surface between the
/// `.tree` format and the compact tree store. The grammar says what a part
/// is and where it is in the file (a `TextSpan` from its `SourceLine`); the
/// builder keeps it as a small record, holds node ids in an arena with an
/// index, and sizes its buffers as the file goes (`forecast`).
///
/// A node is built in three moves: `beginNode`, its parts (`claim` for its
/// id, then metadata, paragraphs, phrases and choices in any order), and
/// `endNode`, which keeps it or takes its parts back.
struct TreeBuilder: ~Copyable {
    private let text: TextBuffer
    private var nodes: RecordBuffer<NodeRecord>
    private var metaStart: RecordBuffer<Int32>
    private var metas: RecordBuffer<MetaRecord>
    private var guidanceStart: RecordBuffer<Int32>
    private var guidance: RecordBuffer<TextSpan>
    private var phraseStart: RecordBuffer<Int32>
    private var phrases: RecordBuffer<PhraseRecord>
    private var choiceStart: RecordBuffer<Int32>
    private var choices: RecordBuffer<ChoiceRecord>
    /// The node ids, one after another (`NodeRecord.id` spans into it).
    private var ids: RecordBuffer<UInt8>
    private var index: IDTable
    /// Where the current node's parts start, and its id in the arena.
    private var markMeta = 0
    private var markGuidance = 0
    private var markPhrase = 0
    private var markChoice = 0
    private var currentID = TextSpan(0, 0)

    /// A builder for `text`, whose trees have at most `maxNodes` nodes.
    init(text: TextBuffer, maxNodes: Int) {
        self.text = text
        // Room for a generous estimate of each part (a node takes a few
        // hundred bytes, a choice line some tens), so big files rarely
        // regrow a buffer; room that is never written costs no memory.
        let n = text.count
        let estimate = min(n / 256, maxNodes) + 1
        nodes = RecordBuffer(capacity: estimate)
        metaStart = RecordBuffer(capacity: estimate + 1)
        guidanceStart = RecordBuffer(capacity: estimate + 1)
        phraseStart = RecordBuffer(capacity: estimate + 1)
        choiceStart = RecordBuffer(capacity: estimate + 1)
        metas = RecordBuffer(capacity: estimate)
        guidance = RecordBuffer(capacity: n / 128 + 1)
        phrases = RecordBuffer(capacity: n / 128 + 1)
        choices = RecordBuffer(capacity: n / 64 + 1)
        ids = RecordBuffer(capacity: n / 32 + 16)
        index = IDTable(expected: min(n / 400, maxNodes), maxNodes: maxNodes)
    }

    /// Nodes kept so far.
    var nodeCount: Int { nodes.count }
    /// Choices of the current node so far.
    var choicesInNode: Int { choices.count - markChoice }

    // MARK: Nodes

    /// Starts a node: its parts come next.
    mutating func beginNode() {
        markMeta = metas.count
        markGuidance = guidance.count
        markPhrase = phrases.count
        markChoice = choices.count
    }

    /// Gives the current node the id at `span`, unless a node kept earlier
    /// has it: then that node's index, and nothing is added.
    mutating func claim(id span: TextSpan) -> Int32? {
        let offset = ids.count
        ids.append(contentsOf: UnsafeBufferPointer(rebasing: text.buffer[Int(span.start)..<Int(span.end)]))
        currentID = TextSpan(offset, ids.count)
        if let first = index.insert(currentID, index: Int32(nodes.count), nodes: nodes.buffer, ids: ids.buffer) {
            ids.removeLast(span.count)
            return first
        }
        return nil
    }

    /// Ends the current node: keeps it, with the id it claimed, or takes
    /// back its parts.
    mutating func endNode(title: TextSpan, line: Int, keep: Bool) {
        if keep {
            nodes.append(NodeRecord(id: currentID, title: title, line: Int32(line)))
            metaStart.append(Int32(markMeta))
            guidanceStart.append(Int32(markGuidance))
            phraseStart.append(Int32(markPhrase))
            choiceStart.append(Int32(markChoice))
        } else {
            metas.removeLast(metas.count - markMeta)
            guidance.removeLast(guidance.count - markGuidance)
            phrases.removeLast(phrases.count - markPhrase)
            choices.removeLast(choices.count - markChoice)
        }
    }

    /// The index of the kept node whose id is at `span`, or nil.
    func find(id span: TextSpan) -> Int32? {
        index.find(UnsafeBufferPointer(rebasing: text.buffer[Int(span.start)..<Int(span.end)]), nodes: nodes.buffer, ids: ids.buffer)
    }

    /// The index of the kept node with id `id`, or nil.
    func find(_ id: String) -> Int32? {
        var id = id
        return id.withUTF8 { index.find($0, nodes: nodes.buffer, ids: ids.buffer) }
    }

    /// The text at `span`.
    func string(_ span: TextSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text.buffer[Int(span.start)..<Int(span.end)]), as: UTF8.self)
    }

    /// The line of kept node `i`'s header.
    func line(ofNode i: Int32) -> Int { Int(nodes[Int(i)].line) }

    /// Every kept node's id, in order.
    var nodeIDs: [String] {
        nodes.indices.map { n in
            String(decoding: UnsafeBufferPointer(rebasing: ids.buffer[Int(nodes[n].id.start)..<Int(nodes[n].id.end)]), as: UTF8.self)
        }
    }

    // MARK: Parts of the current node

    mutating func addMeta(name: TextSpan, value: TextSpan, line: Int, key: NodeKey?) {
        metas.append(MetaRecord(name: name, value: value, line: Int32(line), key: key))
    }

    /// The line of the current node's metadata whose name is spelled like
    /// the one at `name`, or nil. (Inlined: a call that borrows the builder
    /// from the grammar copied all of it first, 640 bytes a metadata line.)
    @inline(__always)
    func lineOfMeta(named name: TextSpan) -> Int? {
        let p = text.buffer
        for i in markMeta..<metas.count {
            let other = metas[i].name
            if other.count == name.count,
               memcmp(p.baseAddress! + Int(other.start), p.baseAddress! + Int(name.start), name.count) == 0 {
                return Int(metas[i].line)
            }
        }
        return nil
    }

    /// A paragraph from its first character to its last (its lines are
    /// joined when it is read).
    mutating func addParagraph(_ span: TextSpan) {
        guidance.append(span)
    }

    /// A phrase from its first character to its last, starting on `line`.
    mutating func addPhrase(_ span: TextSpan, line: Int) {
        phrases.append(PhraseRecord(text: span, line: Int32(line)))
    }

    /// A choice; `hash` is where its target's `#` is, if it has one.
    mutating func addChoice(label: TextSpan, target: TextSpan, hash: Int32?, line: Int) {
        choices.append(ChoiceRecord(label: label, targetStart: target.start, line: Int32(line),
                                    targetLength: UInt8(target.count),
                                    hashOffset: hash.map { UInt8($0 - target.start) } ?? 0))
    }

    // MARK: Size

    /// Tells each buffer how big it will be when `total` bytes are read,
    /// going by the `done` read so far (less a twentieth, to be safe), so
    /// stretches that will be filled come in big pages (`RecordBuffer`).
    mutating func forecast(done: Int, of total: Int) {
        func final(_ count: Int) -> Int { Int(Double(count) * Double(total) / Double(done) * 0.95) }
        nodes.expect(final(nodes.count))
        metas.expect(final(metas.count))
        guidance.expect(final(guidance.count))
        phrases.expect(final(phrases.count))
        choices.expect(final(choices.count))
        ids.expect(final(ids.count))
        metaStart.expect(final(metaStart.count))
        guidanceStart.expect(final(guidanceStart.count))
        phraseStart.expect(final(phraseStart.count))
        choiceStart.expect(final(choiceStart.count))
    }

    /// The store of everything kept; the buffers move into it.
    consuming func finish() -> TreeStore {
        metaStart.append(Int32(metas.count))
        guidanceStart.append(Int32(guidance.count))
        phraseStart.append(Int32(phrases.count))
        choiceStart.append(Int32(choices.count))
        // Give back the memory past the last record of each big buffer.
        nodes.trim(); metas.trim(); guidance.trim(); phrases.trim(); choices.trim(); ids.trim()
        metaStart.trim(); guidanceStart.trim(); phraseStart.trim(); choiceStart.trim()
        return TreeStore(text: text, ids: ids, nodes: nodes, metaStart: metaStart, metas: metas,
                         guidanceStart: guidanceStart, guidance: guidance, phraseStart: phraseStart, phrases: phrases,
                         choiceStart: choiceStart, choices: choices, index: index)
    }
}
