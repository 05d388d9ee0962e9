/// What is wrong with a JSON document of a known shape (a path file, a
/// journal line): where (a JSON path such as `steps[3].node`, or a line and
/// column for malformed JSON) and what.
public struct JSONPathError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `steps[3].node`, or empty for the document as a whole.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
