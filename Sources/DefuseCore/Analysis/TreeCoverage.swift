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

    /// `2/4 (50%)`; nothing of nothing is all of it (100%).
    public static func ratio(_ part: Int, _ whole: Int) -> String {
        "\(part)/\(whole) (\(whole == 0 ? 100 : Percent.of(part, whole))%)"
    }

    /// The sums over several trees (`tree` is -1; outcomes are per tree, so
    /// they are left empty): the "total" row of `defuse coverage` and the
    /// whole set of `defuse report`.
    public static func total(_ trees: [TreeCoverage]) -> TreeCoverage {
        var total = TreeCoverage(tree: -1)
        for c in trees {
            total.nodesVisited += c.nodesVisited
            total.nodes += c.nodes
            total.choicesTaken += c.choicesTaken
            total.choices += c.choices
            total.untried += c.untried
            total.untriedAtVisited += c.untriedAtVisited
        }
        return total
    }
}
