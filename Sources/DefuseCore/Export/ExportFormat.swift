/// The formats a walked path is exported in (`export FORMAT` in a session):
/// the one list that help, completion and fuzzing read.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Coaching notes in Markdown, for a code host or print.
    case md
    /// The path file, `defuse.path/1`, for `load` and `defuse replay`.
    case json
    /// Plain text, for an email or a chat.
    case txt

    /// What the format is for, in a few words (for help).
    public var summary: String {
        switch self {
        case .md: "coaching notes with a diagram"
        case .json: "defuse.path/1, for 'load' and 'defuse replay'"
        case .txt: "plain, for an email"
        }
    }

    /// `doc` in this format; guidance, alternatives and techniques come
    /// from `library` as it is now.
    public func render(_ doc: PathDocument, library: Library) -> String {
        switch self {
        case .md: PathExporter(document: doc, library: library).markdown()
        case .json: doc.encoded()
        case .txt: PathExporter(document: doc, library: library).text()
        }
    }

    /// Each format with what it is for: "md (coaching notes ...), json (...) or txt (...)".
    public static var described: String {
        let items = allCases.map { "\($0.rawValue) (\($0.summary))" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    /// `md|json|txt`, for usage lines.
    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}
