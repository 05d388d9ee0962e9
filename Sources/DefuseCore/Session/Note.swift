/// A note attached to one step of a walk.
public struct Note: Hashable, Sendable {
    public var text: String
    public var time: Timestamp

    public init(text: String, time: Timestamp) {
        self.text = text
        self.time = time
    }
}
