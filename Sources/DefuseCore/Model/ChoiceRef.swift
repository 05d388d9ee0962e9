/// A choice of a node in the whole loaded library: for coverage.
public struct ChoiceRef: Hashable, Sendable {
    public var node: NodeRef
    public var index: Int32

    public init(node: NodeRef, index: Int) {
        self.node = node
        self.index = Int32(index)
    }
}
