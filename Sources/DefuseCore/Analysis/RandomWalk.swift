/// One random walk: the nodes visited and the choices taken.
public struct RandomWalk: Hashable, Sendable {
    public var nodes: [NodeRef]
    /// Index of the choice taken at each node but the last.
    public var choices: [Int32]
    /// The outcome of the end node reached (nil when it has none, or when
    /// the walk was cut off).
    public var outcome: String?
    /// False when the walk hit the step limit (or a choice that leads nowhere) before an end.
    public var finished: Bool

    public var steps: Int { choices.count }
}
