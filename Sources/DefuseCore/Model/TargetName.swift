/// A node's name across trees, as a choice's target is written and as
/// `goto`, path files and exports name nodes: `node` (in the same tree),
/// `tree#node`, or `tree` (its start). The one place that spells and reads it.
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
