/// A `key: value` line of tree or node metadata, kept with its place.
public struct Metadata: Hashable, Sendable {
    public var key: String
    public var value: String
    public var position: Position
    /// Column where the value starts.
    public var valueColumn: Int32

    public init(key: String, value: String, position: Position, valueColumn: Int32) {
        self.key = key
        self.value = value
        self.position = position
        self.valueColumn = valueColumn
    }
}
