import Testing

extension String {
    /// The text with every `target` replaced (no Foundation).
    public func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }

    /// The text with the first `old` replaced; a test's mistake if there is none.
    public func replacingFirst(_ old: String, with new: String) -> String {
        guard !old.isEmpty, let range = firstRange(of: old) else {
            Issue.record("no '\(old)' in the text")
            return self
        }
        return String(self[..<range.lowerBound]) + new + String(self[range.upperBound...])
    }
}
