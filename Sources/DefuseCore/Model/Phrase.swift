/// A suggested phrase: what the trainee can say at this step.
public struct Phrase: Hashable, Sendable {
    public var text: String
    public var position: Position

    public init(text: String, position: Position) {
        self.text = text
        self.position = position
    }
}
