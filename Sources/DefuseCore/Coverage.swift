/// How much of a tree some walks have seen: nodes visited, choices taken,
/// and outcomes reached (an outcome counts once any end node with it was visited).
public struct TreeCoverage: Hashable, Sendable {
    public var tree: Int
    public var nodesVisited: Int
    public var nodes: Int
    public var choicesTaken: Int
    public var choices: Int
    public var outcomesReached: [String]
    public var outcomes: [String]
    /// Choices not taken at nodes that were visited: the branches someone
    /// could have tried next, in file order.
    public var untriedAtVisited: [ChoiceRef]
    /// All choices not taken, visited nodes or not.
    public var untried: Int

    public init(tree: Int, nodesVisited: Int = 0, nodes: Int = 0, choicesTaken: Int = 0, choices: Int = 0,
                outcomesReached: [String] = [], outcomes: [String] = [], untriedAtVisited: [ChoiceRef] = [], untried: Int = 0) {
        self.tree = tree
        self.nodesVisited = nodesVisited
        self.nodes = nodes
        self.choicesTaken = choicesTaken
        self.choices = choices
        self.outcomesReached = outcomesReached
        self.outcomes = outcomes
        self.untriedAtVisited = untriedAtVisited
        self.untried = untried
    }

    /// `2/4 (50%)`, rounding the percentage down so 100% means all.
    public static func ratio(_ part: Int, _ whole: Int) -> String {
        let percent = whole == 0 ? 100 : part * 100 / whole
        return "\(part)/\(whole) (\(percent)%)"
    }
}

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
