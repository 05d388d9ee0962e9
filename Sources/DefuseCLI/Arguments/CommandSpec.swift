import DefuseCore

public struct CommandSpec: Sendable {
    public var name: String
    public var summary: String
    public var usage: [String]
    public var options: [OptionSpec]
    public var discussion: String
    /// What the operands (the words that are not options) are.
    public var operands: ArgumentKind

    public init(name: String, summary: String, usage: [String], options: [OptionSpec], discussion: String = "",
                operands: ArgumentKind = .file(suffix: nil)) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options + [OptionSpec(["--help", "-h"], help: "Show this help.")]
        self.discussion = discussion
        self.operands = operands
    }

    func option(named name: String) -> OptionSpec? {
        options.first { $0.names.contains(name) }
    }
}


extension CommandSpec {
    /// The full help text, in the style of swift-argument-parser.
    public func helpText(tool: String = "defuse") -> String {
        var out = "OVERVIEW: \(summary)\n\n"
        out += "USAGE: " + usage.map { "\(tool) \($0)" }.joined(separator: "\n       ") + "\n"
        if !discussion.isEmpty { out += "\n" + discussion + "\n" }
        out += "\nOPTIONS:\n"
        let rows = options.map { opt -> (String, String) in
            var left = opt.names.joined(separator: ", ")
            if let v = opt.valuePlaceholder { left += " " + v }
            return (left, opt.help)
        }
        let width = min(30, rows.map { $0.0.count }.max() ?? 0)
        for (left, help) in rows {
            if left.count > width {
                out += "  \(left)\n" + String(repeating: " ", count: width + 4) + help + "\n"
            } else {
                out += "  " + left + String(repeating: " ", count: width - left.count + 2) + help + "\n"
            }
        }
        return out
    }
}
