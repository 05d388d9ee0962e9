/// How many saved paths visited each node and took each choice: each path's
/// `CoverageData.of` (its branches tried and undone included), counted.
/// `defuse coverage` reads the union (visited by anyone), `defuse report` the
/// counts (a heat map), so the two never count differently.
public struct CoverageTally: Sendable {
    /// Paths counted.
    public private(set) var paths = 0
    /// For each node visited by some path, how many paths visited it.
    public private(set) var nodeSessions: [NodeRef: Int] = [:]
    /// For each choice taken by some path, how many paths took it.
    public private(set) var choiceSessions: [ChoiceRef: Int] = [:]

    public init() {}

    /// Counts one path; returns its coverage and the warnings of
    /// `CoverageData.of` (steps that no longer fit the trees, skipped).
    @discardableResult
    public mutating func add(_ doc: PathDocument, library: Library) -> (CoverageData, [String]) {
        let (data, warnings) = CoverageData.of(doc, library: library)
        add(data)
        return (data, warnings)
    }

    /// Counts what one path covered.
    public mutating func add(_ data: CoverageData) {
        paths += 1
        for ref in data.visitedNodes { nodeSessions[ref, default: 0] += 1 }
        for c in data.takenChoices { choiceSessions[c, default: 0] += 1 }
    }

    /// How many paths visited `node`.
    public func sessions(at node: NodeRef) -> Int { nodeSessions[node] ?? 0 }

    /// How many paths took `choice`.
    public func sessions(taking choice: ChoiceRef) -> Int { choiceSessions[choice] ?? 0 }

    /// What any of the paths covered.
    public var union: CoverageData {
        CoverageData(visitedNodes: Set(nodeSessions.keys), takenChoices: Set(choiceSessions.keys))
    }
}
