public struct UsageError: Error, Sendable {
    public var message: String
    public var command: String
    public init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }
}
