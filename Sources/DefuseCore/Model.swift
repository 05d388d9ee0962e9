/// A `key: value` line of tree or node metadata, kept with its place.
public struct Metadata: Hashable, Sendable {
    public var key: String
    public var value: String
    public var position: Position
    /// Column where the value starts.
    public var valueColumn: Int32

    public init(key: String, value: String, position: Position, valueColumn: Int32) {
        self.key = key
        self.value = value
        self.position = position
        self.valueColumn = valueColumn
    }
}

/// A suggested phrase: what the trainee can say at this step.
public struct Phrase: Hashable, Sendable {
    public var text: String
    public var position: Position

    public init(text: String, position: Position) {
        self.text = text
        self.position = position
    }
}

/// Where a choice leads, as written.
public struct TargetName: Hashable, Sendable, CustomStringConvertible {
    /// Another tree's id, or nil for the same tree.
    public var tree: String?
    /// A node id, or nil for the other tree's start node.
    public var node: String?

    public init(tree: String?, node: String?) {
        self.tree = tree
        self.node = node
    }

    /// Parses `node`, `tree#node` or `tree`, as written after `->`. A bare
    /// name is a node of the same tree; whether it is a tree instead is
    /// decided when targets are resolved.
    public init(parsing text: String) {
        if let hash = text.firstIndex(of: "#") {
            tree = String(text[..<hash])
            node = String(text[text.index(after: hash)...])
        } else {
            tree = nil
            node = text
        }
    }

    public var description: String {
        switch (tree, node) {
        case let (t?, n?): return "\(t)#\(n)"
        case let (t?, nil): return t
        case let (nil, n?): return n
        case (nil, nil): return ""
        }
    }
}

/// A node in the whole loaded library: tree index and node index.
public struct NodeRef: Hashable, Sendable, Comparable, BitwiseCopyable {
    public var tree: Int32
    public var node: Int32

    public init(tree: Int, node: Int) {
        self.tree = Int32(truncatingIfNeeded: tree)
        self.node = Int32(truncatingIfNeeded: node)
    }

    public static func < (a: NodeRef, b: NodeRef) -> Bool {
        a.tree != b.tree ? a.tree < b.tree : a.node < b.node
    }

    /// Marks a choice whose target is not resolved (yet).
    static let none = NodeRef(tree: -1, node: -1)
}

/// `* label -> target`: a view of one choice in its tree's compact store.
public struct Choice: Sendable {
    let store: TreeStore
    let resolvedRefs: RefTable
    /// The choice's index among all of its tree's choices.
    let index: Int

    var record: ChoiceRecord { store.choices[index] }

    public var label: String { store.string(record.label) }

    public var target: TargetName {
        let r = record
        let hash = r.hash
        if hash < 0 { return TargetName(tree: nil, node: store.string(r.target)) }
        return TargetName(tree: store.string(Span(Int(r.targetStart), hash)),
                          node: store.string(Span(hash + 1, Int(r.target.end))))
    }

    /// Where the target is after resolution; nil when it names nothing.
    public var resolved: NodeRef? {
        guard index < resolvedRefs.count else { return nil }
        let r = resolvedRefs[index]
        return r.tree < 0 ? nil : r
    }

    public var position: Position { store.position(ofChoice: index) }
    public var targetColumn: Int32 { store.targetColumn(ofChoice: index) }

    /// Whether the choice leaves its tree.
    public var crossesTree: Bool { record.hash >= 0 }
}

/// A node's choices, in file order.
public struct ChoiceList: RandomAccessCollection, Sendable {
    let store: TreeStore
    let resolvedRefs: RefTable
    let first: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> Choice {
        precondition(i >= 0 && i < count, "choice index out of range")
        return Choice(store: store, resolvedRefs: resolvedRefs, index: first + i)
    }
}

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
            return Metadata(key: store.string(m.key), value: store.string(m.value),
                            position: store.position(line: m.line, holding: m.key.start),
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

    public var choices: ChoiceList {
        let r = choiceRange
        return ChoiceList(store: store, resolvedRefs: resolvedRefs, first: r.lowerBound, count: r.count)
    }

    public var guidanceCount: Int { guidanceRange.count }
    public var phraseCount: Int { phraseRange.count }

    /// The metadata record with key `key`, read on the bytes.
    func metaRecord(_ key: MetaKey) -> MetaRecord? {
        for i in metaRange where store.metas[i].kind == key { return store.metas[i] }
        return nil
    }

    public func meta(_ key: String) -> String? {
        for i in metaRange where store.string(store.metas[i].key) == key { return store.string(store.metas[i].value) }
        return nil
    }

    public var isEnd: Bool { choiceRange.isEmpty }
    public var outcome: String? { metaRecord(.outcome).map { store.string($0.value) } }
    public var tone: String? { metaRecord(.tone).map { store.string($0.value) } }
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

/// One `.tree` file.
public struct Tree: Sendable {
    /// The path as it was given or found (used in diagnostics).
    public var file: String
    public var id: String
    public var title: String
    public var titlePosition: Position
    public var metadata: [Metadata] = []
    /// Index of the start node, when `start` names one (or the first node).
    public var startIndex: Int32?
    /// Set for a file found in a language folder (`Trees/nl/angry.tree`).
    public var translationFolder: String?
    /// The file's bytes and the nodes as spans into them.
    let store: TreeStore
    /// Where each choice leads (`NodeRef.none` if nowhere), once the library
    /// has resolved the targets; empty before.
    var resolvedRefs = RefTable.empty

    init(file: String, id: String, title: String, titlePosition: Position, store: TreeStore) {
        self.file = file
        self.id = id
        self.title = title
        self.titlePosition = titlePosition
        self.store = store
    }

    public var nodes: NodeList { NodeList(store: store, resolvedRefs: resolvedRefs) }
    /// Node id to index in `nodes` (the first of duplicates).
    public var nodeIndex: NodeIndex { NodeIndex(store: store) }

    /// A 64-bit hash of the file's bytes, as 16 hex digits (computed when asked).
    public var contentHash: String { ContentHash.hex(store.contentHash) }

    public func meta(_ key: String) -> String? {
        for m in metadata where m.key == key { return m.value }
        return nil
    }

    public var lang: String { meta("lang") ?? "en" }
    public var summary: String? { meta("summary") }
    public var tags: [String] { splitList(meta("tags")) }
    public var version: String? { meta("version") }

    public func node(_ id: String) -> Node? {
        guard let i = store.lookup(id) else { return nil }
        return nodes[Int(i)]
    }

    public var startNode: Node? {
        guard let s = startIndex else { return nil }
        return nodes[Int(s)]
    }

    public var choiceCount: Int { store.choices.count }
}

/// Splits a comma-separated metadata value, trimming each part.
func splitList(_ value: String?) -> [String] {
    guard let value, !value.isEmpty else { return [] }
    var out: [String] = []
    for part in value.split(separator: ",") {
        let t = part.trimmingASCIIWhitespace()
        if !t.isEmpty { out.append(String(t)) }
    }
    return out
}

extension StringProtocol {
    public func trimmingASCIIWhitespace() -> Substring {
        let s = self[...]
        var start = s.startIndex
        var end = s.endIndex
        while start < end, s[start] == " " || s[start] == "\t" { start = s.index(after: start) }
        while end > start {
            let before = s.index(before: end)
            if s[before] == " " || s[before] == "\t" { end = before } else { break }
        }
        return Substring(s[start..<end])
    }
}

/// Tree and node ids: lowercase ASCII letters, digits and `-`, starting with
/// a letter or digit, at most 64 characters.
public enum Identifier {
    public static var maxLength: Int { 64 }

    /// A lowercase ASCII letter, a digit or `-`: a bit in one of two words,
    /// `-` and digits (0x2D, 0x30-0x39) in the first, a-z (0x61-0x7A) in the
    /// second.
    @inline(__always)
    static func isIDByte(_ b: UInt8) -> Bool {
        let word: UInt64 = b < 64 ? 0x03FF_2000_0000_0000 : (b < 128 ? 0x07FF_FFFE_0000_0000 : 0)
        return (word >> UInt64(b & 63)) & 1 != 0
    }

    public static func isValid<S: StringProtocol>(_ s: S) -> Bool {
        problem(utf8: s.utf8) == nil
    }

    /// Why `s` is not a valid id, or nil.
    public static func problem<S: StringProtocol>(_ s: S) -> String? {
        problem(utf8: s.utf8)
    }

    static func isValid<C: Collection>(utf8 u: C) -> Bool where C.Element == UInt8 {
        problem(utf8: u) == nil
    }

    static func problem(utf8 u: UnsafeBufferPointer<UInt8>) -> String? {
        // The usual case, a good id, in one quick pass.
        if !u.isEmpty && u.count <= maxLength && u[0] != 0x2D && u.allSatisfy(isIDByte) { return nil }
        return problem(slowly: u)
    }

    static func problem<C: Collection>(utf8 u: C) -> String? where C.Element == UInt8 {
        problem(slowly: u)
    }

    private static func problem<C: Collection>(slowly u: C) -> String? where C.Element == UInt8 {
        if u.isEmpty { return "is empty" }
        if u.count > maxLength { return "is longer than \(maxLength) characters" }
        var first = true
        for b in u {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b == 0x2D && !first)
            if !ok {
                if first && b == 0x2D { return "starts with '-'" }
                return "may hold only lowercase letters a-z, digits and '-'"
            }
            first = false
        }
        return nil
    }
}
