/// How a step was reached.
public enum Arrival: Hashable, Sendable {
    /// The tree was opened at its start.
    case open
    /// Choice `index` (0-based) of the previous step was taken.
    case choice(Int)
    /// `goto` jumped here.
    case goto
    /// `restart` went back to the tree's start.
    case restart

    /// The kinds of arrival, named as the journal, path files and JSON replies name them.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case open, choice, goto, restart
    }

    public var kind: Kind {
        switch self {
        case .open: .open
        case .choice: .choice
        case .goto: .goto
        case .restart: .restart
        }
    }
}
