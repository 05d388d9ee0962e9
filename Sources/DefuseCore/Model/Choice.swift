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
        return TargetName(tree: store.string(TextSpan(Int(r.targetStart), hash)),
                          node: store.string(TextSpan(hash + 1, Int(r.target.end))))
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
