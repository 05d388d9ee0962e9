/// How many paths lead from the start to an end node, in total and per outcome.
public struct PathCounts: Sendable {
    /// The outcomes, in `PathGraph.outcomes` order, and the paths ending in each.
    public var byOutcome: [(outcome: String?, paths: BigUInt)]
    /// False when the budget ran out: the counts are then lower bounds.
    public var exact: Bool
    /// Groups of nodes that form cycles (local indices, each sorted): every
    /// strongly connected component with more than one node, and nodes with
    /// a choice back to themselves.
    public var cycles: [[Int32]]
    /// Enumeration steps spent inside cycles.
    public var steps: Int

    public var total: BigUInt {
        var t = BigUInt()
        for (_, p) in byOutcome { t.add(p) }
        return t
    }

    public var hasCycles: Bool { !cycles.isEmpty }

    public func paths(to outcome: String?) -> BigUInt {
        byOutcome.first { $0.outcome == outcome }?.paths ?? BigUInt()
    }
}
