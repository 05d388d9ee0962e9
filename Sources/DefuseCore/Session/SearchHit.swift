/// A search result: a node and the text that matched.
public struct SearchHit: Hashable, Sendable {
    public var node: NodeRef
    public var field: String
    public var text: String
}
