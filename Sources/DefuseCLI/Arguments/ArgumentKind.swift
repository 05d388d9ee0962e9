import DefuseCore

/// What a value on the command line is, an option's or a command's operands.
/// Parsing, `--help`, the man page and the shell completions all read it, so
/// they never disagree about what a value may be.
public enum ArgumentKind: Sendable, Equatable {
    /// Free text (a number, a size, session commands): nothing to offer.
    case text
    /// One of these words, and parsing refuses any other.
    case oneOf([String])
    /// A name from the trees in use, which `defuse completion --list` prints.
    case listed(LibraryNames)
    /// One of defuse's commands.
    case command
    /// A file; with a suffix, the files that end in it (and folders, to go into).
    case file(suffix: String?)
    /// A `.tree` file or a folder of them.
    case trees
}

/// The names that the trees in use decide: what `--open`, `--lang` and
/// `--to` take, listed for the shell completions (`defuse completion --list`).
public enum LibraryNames: String, CaseIterable, Sendable {
    case trees, languages, outcomes

    public func names(in library: Library) -> [String] {
        switch self {
        case .trees: library.trees.map(\.id)
        case .languages: library.languages
        case .outcomes: library.outcomes
        }
    }
}
