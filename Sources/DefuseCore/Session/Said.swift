/// What a trainee said at a step: their own words, or which playbook phrase
/// they used, and how long after arriving.
public struct Said: Hashable, Sendable {
    /// The words: the trainee's own, or the phrase's text as it was shown.
    public var text: String
    /// The 1-based number of the playbook phrase used, or nil for own words.
    public var phrase: Int?
    /// Whole seconds from arriving at the step to saying it, or nil when unknown.
    public var seconds: Int?

    public init(text: String, phrase: Int? = nil, seconds: Int? = nil) {
        self.text = text
        self.phrase = phrase
        self.seconds = seconds
    }
}

extension Said {
    /// `text`, `phrase`, `seconds`: as path files, journals and replies hold it.
    public var json: JSON {
        .object([("text", .string(text)), ("phrase", phrase.map { .int($0) } ?? .null),
                 ("seconds", seconds.map { .int($0) } ?? .null)])
    }

    /// Reads what `json` writes, at JSON path `at`.
    init(decoding value: JSON, at: String) throws(JSONPathError) {
        let r = JSONReader()
        let o = try r.object(value, at)
        self.init(text: try r.string(o, "text", at), phrase: try r.optionalInt(o, "phrase", at, in: 1...Int.max),
                  seconds: try r.optionalInt(o, "seconds", at, in: 0...Int.max))
    }
}
