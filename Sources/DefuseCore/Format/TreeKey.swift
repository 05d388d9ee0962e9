/// The keys of tree metadata: the `key: value` lines directly under the
/// `# Title`. A key the format does not know is a warning, not an error.
enum TreeKey: String, CaseIterable, Sendable {
    // In the order `defuse fmt` writes them.
    /// The tree's id (default: the file name without `.tree`).
    case id
    /// The node a walk starts at (default: the first node).
    case start
    /// The language, a BCP-47 code (default `en`).
    case lang
    /// One or two sentences, shown by `trees`.
    case summary
    /// Comma-separated words; `abusive` turns on the boundary lint.
    case tags
    /// The author's own version number or text.
    case version

    static let names = allCases.map(\.rawValue)

    /// Why `value` does not fit this key (an error: the line is not used), or nil.
    func problem(_ value: String) -> String? {
        switch self {
        case .id, .start:
            guard let problem = Identifier.problem(value) else { return nil }
            return "bad \(self == .id ? "tree id" : "start node id") '\(value)': an id \(problem)"
        case .lang:
            guard !LanguageCode.isValid(value) else { return nil }
            return "bad language code '\(value)': use a BCP-47 code such as en, nl, es, el, fi or pt-BR"
        case .summary, .tags, .version:
            return nil
        }
    }
}
