import DefuseCore

/// The options, flags and positional arguments of one command line, as its
/// `CommandSpec` reads them.
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
                if let allowed = opt.values, !allowed.contains(value) {
                    throw opt.refusal(value, command: spec.name)
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
