/// The keys of node metadata: the `key: value` lines directly under a node's
/// `## id: Title`. A key the format does not know is a warning, not an error.
enum NodeKey: UInt8, CaseIterable, Sendable {
    // In the order `defuse fmt` writes them (the bundled playbook's order).
    /// Playbook technique IDs (`002-calm`) or free text, comma-separated.
    case source
    /// Comma-separated words; `boundary` marks a boundary for the strict lint.
    case tags
    /// How heated the customer is at this node, 0 (calm) to 5 (threatening or unsafe).
    case intensity
    /// On an end node: how the conversation ended (`resolved`, `escalated`, `ended`, `safety`, ...).
    case outcome
    /// How to say the phrases (`warm`, `firm`, `neutral`).
    case tone

    var name: StaticString {
        switch self {
        case .source: "source"
        case .tags: "tags"
        case .intensity: "intensity"
        case .outcome: "outcome"
        case .tone: "tone"
        }
    }

    /// Every key, made once (`allCases` builds an array each time it is read).
    static let all = allCases
    /// The names, in the order above (for messages).
    static let names = all.map { "\($0.name)" }

    /// The key spelled by `range` of `line`, or nil.
    static func named(_ line: SourceLine, _ range: Range<Int>) -> NodeKey? {
        for key in all where line.spells(range, key.name) { return key }
        return nil
    }

    /// What is wrong with the value at `range` of `line` for this key, or nil.
    func problem(_ line: SourceLine, _ range: Range<Int>) -> (Severity, String)? {
        switch self {
        case .outcome:
            guard Identifier.problem(utf8: line.bytes(range)) != nil else { return nil }
            return (.warning, "outcome '\(line.string(range))' should be a single lowercase word such as resolved, escalated, ended or safety")
        case .intensity:
            guard Intensity(line.string(range)) == nil else { return nil }
            let scale = "a whole number from 0 (calm) to 5 (threatening or unsafe)"
            if range.isEmpty { return (.error, "intensity needs a value: \(scale)") }
            return (.error, "intensity '\(line.string(range))' should be \(scale)")
        case .source, .tone, .tags:
            return nil
        }
    }
}
