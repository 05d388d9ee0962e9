/// Visited nodes and taken choices, from a session or from saved paths.
public struct CoverageData: Sendable {
    public var visitedNodes: Set<NodeRef>
    public var takenChoices: Set<ChoiceRef>

    public init(visitedNodes: Set<NodeRef> = [], takenChoices: Set<ChoiceRef> = []) {
        self.visitedNodes = visitedNodes
        self.takenChoices = takenChoices
    }

    /// What a saved path covered, its branches tried and undone included,
    /// against the trees now; and a warning (with the JSON path) for each
    /// step or choice that no longer fits them, skipped.
    public static func of(_ doc: PathDocument, library: Library) -> (CoverageData, [String]) {
        var data = CoverageData()
        var warnings: [String] = []
        /// Lists of steps still to count, each with the step before its first
        /// (a branch's first step was reached from the step it was tried from).
        var stack: [(list: [PathDocument.PathStep], path: String, before: NodeRef?)] = [(doc.steps, "steps", nil)]
        while case let (list, path, before)? = stack.popLast() {
            var previous = before
            for (i, step) in list.enumerated() {
                let at = "\(path)[\(i)]"
                guard let ref = library.ref(tree: step.tree, node: step.node) else {
                    warnings.append("\(at): no node '\(step.ref)' in the loaded trees (changed since the path was saved?); skipped")
                    previous = nil
                    continue
                }
                data.visitedNodes.insert(ref)
                // A branch's first step was reached by a choice of the step it was tried from.
                if i == 0, step.arrival == .choice, let from = previous,
                   let c = choice(from: from, to: step.ref, label: nil, lang: doc.lang, library: library) {
                    data.takenChoices.insert(ChoiceRef(node: from, index: c))
                }
                if let taken = step.taken {
                    if let c = choice(from: ref, to: taken.target, label: taken.label, lang: doc.lang, library: library) {
                        data.takenChoices.insert(ChoiceRef(node: ref, index: c))
                    } else {
                        warnings.append("\(at).taken: '\(step.ref)' has no choice to '\(taken.target)' now; skipped")
                    }
                }
                for (b, branch) in step.undone.enumerated().reversed() {
                    stack.append((branch, "\(at).undone[\(b)]", ref))
                }
                previous = ref
            }
        }
        return (data, warnings)
    }

    /// The choice of node `from` that leads to `target` (`tree#node`); when
    /// two do, the one labelled `label` (in the source or in `lang`).
    static func choice(from: NodeRef, to target: String, label: String?, lang: String, library: Library) -> Int? {
        let node = library.node(from)
        let matching = node.choices.indices.filter { c in
            node.choices[c].resolved.map { library.address(of: $0) } == target
        }
        guard let label else { return matching.first }
        let shown = library.node(from, lang: lang)
        let byLabel = matching.first { c in
            node.choices[c].label == label || (shown.choices.count == node.choices.count && shown.choices[c].label == label)
        }
        return byLabel ?? matching.first
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
        nearestUntriedRoutes(from: from, in: library, limit: limit).map { (choice: $0.choice, distance: $0.route.count) }
    }

    /// An untaken choice and a shortest way to it: the choices to take from
    /// the node the search started at to reach the node that holds it.
    public struct UntriedBranch: Hashable, Sendable {
        public var choice: ChoiceRef
        public var route: [ChoiceRef]
        public var distance: Int { route.count }
    }

    /// `nearestUntried`, each with its route from `from` (one breadth-first
    /// walk that remembers how it reached each node).
    public func nearestUntriedRoutes(from: NodeRef, in library: Library, limit: Int = 10) -> [UntriedBranch] {
        var out: [UntriedBranch] = []
        /// How the walk first reached each node: the choice taken to get there.
        var via: [NodeRef: ChoiceRef] = [:]
        var seen: Set<NodeRef> = [from]
        var queue: [NodeRef] = [from]
        var head = 0
        func route(to ref: NodeRef) -> [ChoiceRef] {
            var steps: [ChoiceRef] = []
            var at = ref
            while let c = via[at] {
                steps.append(c)
                at = c.node
            }
            return steps.reversed()
        }
        while head < queue.count && out.count < limit {
            let ref = queue[head]
            head += 1
            let node = library.node(ref)
            for (c, choice) in node.choices.enumerated() {
                let cref = ChoiceRef(node: ref, index: c)
                if !takenChoices.contains(cref) {
                    out.append(UntriedBranch(choice: cref, route: route(to: ref)))
                    if out.count >= limit { break }
                }
                if let next = choice.resolved, !seen.contains(next) {
                    seen.insert(next)
                    via[next] = cref
                    queue.append(next)
                }
            }
        }
        return out
    }
}
