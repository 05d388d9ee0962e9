/// Visited nodes and taken choices, from a session or from saved paths.
public struct CoverageData: Sendable {
    public var visitedNodes: Set<NodeRef>
    public var takenChoices: Set<ChoiceRef>

    public init(visitedNodes: Set<NodeRef> = [], takenChoices: Set<ChoiceRef> = []) {
        self.visitedNodes = visitedNodes
        self.takenChoices = takenChoices
    }

    public mutating func merge(_ other: CoverageData) {
        visitedNodes.formUnion(other.visitedNodes)
        takenChoices.formUnion(other.takenChoices)
    }

    /// Coverage of tree `t` of `library`.
    public func coverage(of t: Int, in library: Library) -> TreeCoverage {
        let tree = library.trees[t]
        var nodesVisited = 0, choices = 0, taken = 0, untried = 0
        var outcomes: [String] = []
        var reached: [String] = []
        var frontier: [ChoiceRef] = []
        for (n, node) in tree.nodes.enumerated() {
            let ref = NodeRef(tree: t, node: n)
            let visited = visitedNodes.contains(ref)
            if visited { nodesVisited += 1 }
            if node.isEnd, let o = node.outcome {
                if !outcomes.contains(o) { outcomes.append(o) }
                if visited && !reached.contains(o) { reached.append(o) }
            }
            for c in node.choices.indices {
                choices += 1
                let cref = ChoiceRef(node: ref, index: c)
                if takenChoices.contains(cref) {
                    taken += 1
                } else {
                    untried += 1
                    if visited { frontier.append(cref) }
                }
            }
        }
        return TreeCoverage(tree: t, nodesVisited: nodesVisited, nodes: tree.nodes.count,
                            choicesTaken: taken, choices: choices,
                            outcomesReached: outcomes.filter { reached.contains($0) }, outcomes: outcomes,
                            untriedAtVisited: frontier, untried: untried)
    }

    /// The untaken choices nearest to `from`, breadth first along choices
    /// (across trees): each with its distance in steps from `from` to the
    /// node that holds it (0: a choice of `from` itself).
    public func nearestUntried(from: NodeRef, in library: Library, limit: Int = 10) -> [(choice: ChoiceRef, distance: Int)] {
        var out: [(ChoiceRef, Int)] = []
        var seen: Set<NodeRef> = [from]
        var queue: [(NodeRef, Int)] = [(from, 0)]
        var head = 0
        while head < queue.count && out.count < limit {
            let (ref, d) = queue[head]
            head += 1
            let node = library.node(ref)
            for (c, choice) in node.choices.enumerated() {
                let cref = ChoiceRef(node: ref, index: c)
                if !takenChoices.contains(cref) {
                    out.append((cref, d))
                    if out.count >= limit { break }
                }
                if let next = choice.resolved, !seen.contains(next) {
                    seen.insert(next)
                    queue.append((next, d + 1))
                }
            }
        }
        return out.map { (choice: $0.0, distance: $0.1) }
    }
}
