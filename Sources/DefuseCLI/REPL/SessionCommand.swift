import DefuseCore

/// One session command: its name, how to use it, and what it does.
struct SessionCommand: Sendable {
    var names: [String]
    var usage: String
    var summary: String
    var details: String
    var group: String
    var run: @Sendable (Interpreter, String) -> Reply
}

extension SessionCommand {
    /// Every session command, in the order `help` lists them; each group's
    /// commands are defined, with what they do, in SessionCommand+Group.swift.
    static let all: [SessionCommand] = moving + looking + covering + workshop + practice + saving + leaving

    static let names: [String] = all.flatMap(\.names)

    /// What else a line may be: a choice taken by its number or by words of
    /// its label (for `help` and the man page).
    static let choosing: [(usage: String, summary: String)] = [
        ("1, 2, …", "take that choice"),
        ("WORDS", "take the choice whose label these words match"),
    ]

    static func named(_ name: String) -> SessionCommand? {
        all.first { $0.names.contains(name) }
    }
}
