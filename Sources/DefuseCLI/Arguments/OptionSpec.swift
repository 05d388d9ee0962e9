import DefuseCore

/// Hand-written argument handling with the manners of swift-argument-parser:
/// `--flag=value` and `--flag value`, `--` ends options, short aliases,
/// repeatable options, and a one-line hint for anything unknown.
public struct OptionSpec: Sendable {
    public var names: [String]
    public var valueName: String?
    public var help: String
    public var repeatable: Bool
    /// What the value is (for an option that takes one).
    public var kind: ArgumentKind

    public init(_ names: [String], value: String? = nil, kind: ArgumentKind = .text, repeatable: Bool = false, help: String) {
        self.names = names
        self.valueName = value
        self.help = help
        self.repeatable = repeatable
        self.kind = kind
    }

    public var takesValue: Bool { valueName != nil }
    public var key: String { names.first { $0.hasPrefix("--") } ?? names[0] }

    /// The values parsing accepts, when the option takes one of a list.
    public var values: [String]? {
        if case .oneOf(let values) = kind { values } else { nil }
    }

    /// How help and the man page show the value: `<auto|always|never>` for
    /// a list, else `<when>`.
    public var valuePlaceholder: String? {
        guard let valueName else { return nil }
        return "<" + (values?.joined(separator: "|") ?? valueName) + ">"
    }

    /// The error for a value not in `values`.
    func refusal(_ value: String, command: String) -> UsageError {
        UsageError("bad value '\(Visible.escape(value))' for \(key) (use \(OptionSpec.alternatives(values ?? [])))", command: command)
    }

    /// "a, b or c".
    static func alternatives(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
