/// How a choice's target is written after `->`: `node`, `tree#node` or `tree`.
enum TargetSyntax {
    /// For a well-formed target at `range` of `line`: the offset of its `#`,
    /// or -1 when it has none. nil when the target has a problem (`problem`).
    static func wellFormed(_ line: SourceLine, _ range: Range<Int>) -> Int? {
        /// Whether `from..<to` is a well-formed id, given its bytes are id bytes.
        func part(_ from: Int, _ to: Int) -> Bool {
            to > from && to - from <= Identifier.maxLength && line[from] != 0x2D
        }
        let (s, e) = (range.lowerBound, range.upperBound)
        var k = s
        while k < e && Identifier.isIDByte(line[k]) { k += 1 }
        if k == e { return part(s, e) ? -1 : nil }
        let hash = k
        guard line[hash] == 0x23, part(s, hash) else { return nil }
        k += 1
        while k < e && Identifier.isIDByte(line[k]) { k += 1 }
        return k == e && part(hash + 1, e) ? hash : nil
    }

    /// What is wrong with `text` as a target.
    static func problem(_ text: String) -> String {
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        if parts.count > 2 { return "write 'node', 'tree#node' or 'tree'" }
        for part in parts {
            if let problem = Identifier.problem(part) { return "an id \(problem)" }
        }
        return "write 'node', 'tree#node' or 'tree'"
    }
}
