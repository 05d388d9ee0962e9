import DefuseCore

/// Hand-written argument handling with the manners of swift-argument-parser:
/// `--flag=value` and `--flag value`, `--` ends options, short aliases,
/// repeatable options, and a one-line hint for anything unknown.
public struct OptionSpec: Sendable {
    public var names: [String]
    public var valueName: String?
    public var help: String
    public var repeatable: Bool

    public init(_ names: [String], value: String? = nil, repeatable: Bool = false, help: String) {
        self.names = names
        self.valueName = value
        self.help = help
        self.repeatable = repeatable
    }

    public var takesValue: Bool { valueName != nil }
    public var key: String { names.first { $0.hasPrefix("--") } ?? names[0] }
}
