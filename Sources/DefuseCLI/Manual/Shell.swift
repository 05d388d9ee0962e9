/// The shells `defuse completion` writes a script for. Each script is made
/// from defuse's command table (`CompletionTable`), so a command or option
/// added there is completed with no edit here.
public enum Shell: String, CaseIterable, Sendable {
    case bash, zsh, fish

    /// The completion script for this shell.
    public func completionScript() -> String {
        let table = CompletionTable()
        switch self {
        case .bash: return BashCompletion(table: table).script()
        case .zsh: return ZshCompletion(table: table).script()
        case .fish: return FishCompletion(table: table).script()
        }
    }

    /// `bash|zsh|fish`, for usage lines.
    static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// What the completion scripts are made from: the commands of
/// `DefuseCLI.commands`, with their options and operands.
struct CompletionTable {
    struct Entry {
        /// The command's name; "" for the session (`defuse [OPTIONS] [PATH...]`).
        var name: String
        var summary: String
        var options: [OptionSpec]
        var operands: ArgumentKind
    }

    /// `defuse [OPTIONS] [PATH...]`.
    var session: Entry
    /// The named commands, in the order of the table.
    var commands: [Entry]
    /// Option names that take a value, in any command (`DefuseCLI.valueTakingOptions`).
    var valueTaking: [String]

    init() {
        let entries = DefuseCLI.commands.map {
            Entry(name: $0.spec.name, summary: $0.spec.summary, options: $0.spec.options, operands: $0.spec.operands)
        }
        session = entries.first { $0.name.isEmpty }!
        commands = entries.filter { !$0.name.isEmpty }
        valueTaking = DefuseCLI.valueTakingOptions
    }

    /// The session first, then every command.
    var all: [Entry] { [session] + commands }

    var commandNames: [String] { commands.map(\.name) }

    /// What a value of this kind is, in a word or two (for the shells that
    /// show one beside the candidates).
    static func noun(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: "argument"
        case .oneOf: "value"
        case .listed(let names): String(names.rawValue.dropLast())
        case .command: "command"
        case .file(let suffix): suffix.map { "\($0) file" } ?? "file"
        case .trees: "tree file or folder"
        }
    }

    /// The comment that opens every script.
    func header(_ shell: Shell, comment: String, installedAt: String, loadNow: String) -> String {
        [
            "\(shell.rawValue) completion for defuse \(DefuseCLI.version), made by 'defuse completion \(shell.rawValue)'",
            "from defuse's own command table: edit that, not this.",
            "'make install' puts it in \(installedAt);",
            "to load it in this shell only: \(loadNow)",
        ].map { comment + " " + $0 }.joined(separator: "\n") + "\n"
    }
}
