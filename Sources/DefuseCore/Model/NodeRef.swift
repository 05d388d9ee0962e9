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
