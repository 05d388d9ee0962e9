/// One step of a decision tree, `## id: Title`: a view of one node in its
/// tree's compact store. Text is made into strings when it is read.
public struct Node: Sendable {
    let store: TreeStore
    let resolvedRefs: RefTable
    /// The node's index in its tree.
    public let index: Int

    var record: NodeRecord { store.nodes[index] }

    public var id: String { store.idString(record.id) }
    public var title: String { store.string(record.title) }
    public var position: Position { store.position(line: record.line, holding: record.title.start) }

    var metaRange: Range<Int> { Int(store.metaStart[index])..<Int(store.metaStart[index + 1]) }
    var guidanceRange: Range<Int> { Int(store.guidanceStart[index])..<Int(store.guidanceStart[index + 1]) }
    var phraseRange: Range<Int> { Int(store.phraseStart[index])..<Int(store.phraseStart[index + 1]) }
    var choiceRange: Range<Int> { Int(store.choiceStart[index])..<Int(store.choiceStart[index + 1]) }

    public var metadata: [Metadata] {
        metaRange.map { i in
            let m = store.metas[i]
            return Metadata(key: store.string(m.name), value: store.string(m.value),
                            position: store.position(line: m.line, holding: m.name.start),
                            valueColumn: store.column(m.value.start))
        }
    }

    /// Paragraphs of guidance, each joined from consecutive lines.
    public var guidance: [String] { guidanceRange.map { store.joined(store.guidance[$0], phrase: false) } }

    public var phrases: [Phrase] {
        phraseRange.map { i in
            let p = store.phrases[i]
            return Phrase(text: store.joined(p.text, phrase: true),
                          position: store.position(line: p.line, holding: p.text.start))
        }
    }

    /// Where byte `offset` of phrase `i`'s text (`phrases[i].text`) is in
    /// the file: a phrase may run over several `>` lines.
    public func position(ofPhrase i: Int, at offset: Int) -> Position {
        let p = store.phrases[phraseRange.lowerBound + i]
        return store.position(in: p.text, firstLine: p.line, phrase: true, offset: offset)
    }

    public var choices: ChoiceList {
        let r = choiceRange
        return ChoiceList(store: store, resolvedRefs: resolvedRefs, first: r.lowerBound, count: r.count)
    }

    public var guidanceCount: Int { guidanceRange.count }
    public var phraseCount: Int { phraseRange.count }
    /// Whether the node has neither guidance nor phrases.
    public var isEmpty: Bool { guidanceRange.isEmpty && phraseRange.isEmpty }

    /// The metadata record with key `key`, found without reading text.
    func metaRecord(_ key: NodeKey) -> MetaRecord? {
        for i in metaRange where store.metas[i].key == key { return store.metas[i] }
        return nil
    }

    /// Whether the node has a `key:` line.
    func has(_ key: NodeKey) -> Bool { metaRecord(key) != nil }

    /// The value of the `key:` line, read as text (for a key the format knows or not).
    public func meta(_ key: String) -> String? {
        for i in metaRange where store.string(store.metas[i].name) == key { return store.string(store.metas[i].value) }
        return nil
    }

    /// The metadata line with key `key`, if the node has one.
    func metadata(_ key: NodeKey) -> Metadata? {
        metaRecord(key).map { m in
            Metadata(key: store.string(m.name), value: store.string(m.value),
                     position: store.position(line: m.line, holding: m.name.start), valueColumn: store.column(m.value.start))
        }
    }

    public var isEnd: Bool { choiceRange.isEmpty }
    public var outcome: String? { metaRecord(.outcome).map { store.string($0.value) } }
    public var tone: String? { metaRecord(.tone).map { store.string($0.value) } }
    /// How heated the customer is here (`intensity:`), or nil.
    public var intensity: Intensity? { metaRecord(.intensity).flatMap { Intensity(store.string($0.value)) } }
    /// Playbook IDs or free text from `source:`, split on commas.
    public var sources: [String] { splitList(metaRecord(.source).map { store.string($0.value) }) }
    public var tags: [String] { splitList(metaRecord(.tags).map { store.string($0.value) }) }
}

extension Node: Equatable {
    /// The same node of the same loaded file.
    public static func == (a: Node, b: Node) -> Bool { a.store === b.store && a.index == b.index }
}

/// A tree's nodes, in file order.
public struct NodeList: RandomAccessCollection, Sendable {
    let store: TreeStore
    let resolvedRefs: RefTable

    public var startIndex: Int { 0 }
    public var endIndex: Int { store.nodes.count }

    public subscript(i: Int) -> Node {
        precondition(i >= 0 && i < store.nodes.count, "node index out of range")
        return Node(store: store, resolvedRefs: resolvedRefs, index: i)
    }
}

/// Node id to index in a tree.
public struct NodeIndex: Sendable {
    let store: TreeStore

    public subscript(id: String) -> Int32? { store.lookup(id) }
}
