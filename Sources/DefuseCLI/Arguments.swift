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

public struct CommandSpec: Sendable {
    public var name: String
    public var summary: String
    public var usage: [String]
    public var options: [OptionSpec]
    public var discussion: String

    public init(name: String, summary: String, usage: [String], options: [OptionSpec], discussion: String = "") {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options + [OptionSpec(["--help", "-h"], help: "Show this help.")]
        self.discussion = discussion
    }

    func option(named name: String) -> OptionSpec? {
        options.first { $0.names.contains(name) }
    }
}

public struct UsageError: Error, Sendable {
    public var message: String
    public var command: String
    public init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }
}

public struct ParsedArguments: Sendable {
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []

    public func has(_ key: String) -> Bool { flags.contains(key) }
    public func value(_ key: String) -> String? { values[key]?.last }
    public func all(_ key: String) -> [String] { values[key] ?? [] }

    public static func parse(_ args: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositionals = true
                continue
            }
            var name = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            } else if !arg.hasPrefix("--") && arg.count > 2 {
                // -cVALUE
                let short = String(arg.prefix(2))
                if let opt = spec.option(named: short), opt.takesValue {
                    name = short
                    inline = String(arg.dropFirst(2))
                }
            }
            guard let opt = spec.option(named: name) else {
                var message = "unknown option '\(Visible.escape(name))'"
                let all = spec.options.flatMap(\.names)
                if let near = nearest(name, in: all) { message += "; did you mean '\(near)'?" }
                throw UsageError(message, command: spec.name)
            }
            if opt.takesValue {
                let value: String
                if let inline {
                    value = inline
                } else if i < args.count {
                    value = args[i]
                    i += 1
                } else {
                    throw UsageError("option '\(name)' needs a value (\(opt.key) \(opt.valueName!))", command: spec.name)
                }
                if !opt.repeatable, parsed.values[opt.key] != nil {
                    throw UsageError("option '\(opt.key)' given more than once", command: spec.name)
                }
                parsed.values[opt.key, default: []].append(value)
            } else {
                if inline != nil {
                    throw UsageError("option '\(name)' takes no value", command: spec.name)
                }
                parsed.flags.insert(opt.key)
            }
        }
        return parsed
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
            if let v = opt.valueName { left += " <\(v)>" }
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
