/// One step of a walk: where, how, when, and what was added there.
public struct Step: Hashable, Sendable {
    public var node: NodeRef
    public var arrival: Arrival
    public var time: Timestamp
    public var annotations: StepAnnotations

    public init(node: NodeRef, arrival: Arrival, time: Timestamp, annotations: StepAnnotations = StepAnnotations()) {
        self.node = node
        self.arrival = arrival
        self.time = time
        self.annotations = annotations
    }

    public var notes: [Note] {
        get { annotations.notes }
        set { annotations.notes = newValue }
    }
}
