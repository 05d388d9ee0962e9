/// One step of a walk: where, how, when, what was added there, and the
/// branches tried from it and undone.
public struct Step: Hashable, Sendable {
    public var node: NodeRef
    public var arrival: Arrival
    public var time: Timestamp
    public var annotations: StepAnnotations
    /// Whether drill mode was on when the step was reached: the trainee's
    /// turn to answer before the phrases show.
    public var drill: Bool
    /// Branches tried from this step and undone with `back`, oldest first:
    /// each the steps that followed this one, with their own branches.
    public var undone: [[Step]]

    public init(node: NodeRef, arrival: Arrival, time: Timestamp, annotations: StepAnnotations = StepAnnotations(),
                drill: Bool = false, undone: [[Step]] = []) {
        self.node = node
        self.arrival = arrival
        self.time = time
        self.annotations = annotations
        self.drill = drill
        self.undone = undone
    }

    public var notes: [Note] {
        get { annotations.notes }
        set { annotations.notes = newValue }
    }

    /// The notes of this step and of every step in the branches tried from it.
    public var allNotes: Int {
        var count = 0
        var stack = [self]
        while let step = stack.popLast() {
            count += step.notes.count
            for branch in step.undone { stack += branch }
        }
        return count
    }
}
