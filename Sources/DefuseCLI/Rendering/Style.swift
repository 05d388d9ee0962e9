import DefuseCore

/// Colour and bold, or plain text: decided once from `--color`, `NO_COLOR`,
/// `TERM=dumb` and whether the output is a terminal.
public struct Style: Sendable {
    public var enabled: Bool

    public enum Mode: String, Sendable, CaseIterable {
        case auto, always, never
    }

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    public init(mode: Mode, isTerminal: Bool, environment: [String: String]) {
        switch mode {
        case .always: enabled = true
        case .never: enabled = false
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            enabled = isTerminal && !noColor && environment["TERM"] != "dumb"
        }
    }

    func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ t: String) -> String { wrap(t, "1") }
    public func dim(_ t: String) -> String { wrap(t, "2") }
    public func italic(_ t: String) -> String { wrap(t, "3") }
    public func red(_ t: String) -> String { wrap(t, "1;31") }
    public func green(_ t: String) -> String { wrap(t, "32") }
    public func yellow(_ t: String) -> String { wrap(t, "33") }
    public func blue(_ t: String) -> String { wrap(t, "34") }
    public func magenta(_ t: String) -> String { wrap(t, "1;35") }
    public func cyan(_ t: String) -> String { wrap(t, "36") }
    public func boldCyan(_ t: String) -> String { wrap(t, "1;36") }
}
