/// Why a session command could not be done. The message is for people;
/// `candidates` lists what could have been meant.
public struct SessionError: Error, Hashable, Sendable {
    public var message: String
    public var candidates: [String]

    public init(_ message: String, candidates: [String] = []) {
        self.message = message
        self.candidates = candidates
    }
}
