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

    /// For every choice in file order: the index of the node it belongs to,
    /// and where it leads (nil when its target names nothing). One pass over
    /// the store, for walks over a whole library.
    func forEachChoice(_ body: (_ node: Int, _ target: NodeRef?) -> Void) {
        for n in 0..<store.nodes.count {
            for c in Int(store.choiceStart[n])..<Int(store.choiceStart[n + 1]) {
                let r = c < resolvedRefs.count ? resolvedRefs[c] : .none
                body(n, r.tree < 0 ? nil : r)
            }
        }
    }
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
