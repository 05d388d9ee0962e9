import DefuseCore

/// What a session command produced: text for people, JSON for programs.
struct Reply {
    var text: String
    var json: JSON
    var failed = false
    var quit = false
    /// Text to print exactly as it is (an export shown with `export FORMAT -`),
    /// not fitted to the terminal's width.
    var preformatted = false

    static func error(_ message: String, candidates: [String] = []) -> Reply {
        var pairs: [(String, JSON)] = [("error", .string(message))]
        if !candidates.isEmpty { pairs.append(("candidates", .array(candidates.map { .string($0) }))) }
        return Reply(text: message, json: .object(pairs), failed: true)
    }

    static func error(_ e: SessionError) -> Reply { error(e.message, candidates: e.candidates) }

    static func info(_ text: String, type: String, _ extra: [(String, JSON)] = []) -> Reply {
        Reply(text: text, json: .object([("type", .string(type))] + extra))
    }
}
