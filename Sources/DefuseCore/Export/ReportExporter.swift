/// A workshop report (`WorkshopReport`) as a page: Markdown that reads well
/// on a code host (GitHub Markdown and Mermaid) and on paper, or JSON with
/// the same figures (`defuse.report/1`, Examples/REPORT-SCHEMA.md). Texts of
/// the trees come from the library as it is now; neither reads a clock.
public struct ReportExporter {
    /// The formats of `defuse report --format`: the one list.
    public enum Format: String, CaseIterable, Sendable {
        case md
        case json

        /// `md|json`, for usage lines.
        public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
    }

    public static let schema = "defuse.report/1"

    public var report: WorkshopReport
    public var library: Library
    /// The version of defuse making the report.
    public var version: String

    public init(report: WorkshopReport, library: Library, version: String) {
        self.report = report
        self.library = library
        self.version = version
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .md: markdown()
        case .json: json().pretty() + "\n"
        }
    }

    /// Rows of the sessions table, at most; the JSON lists every session.
    public static let sessionRows = 200
    /// Untried choices listed per tree, at most; the JSON lists them all.
    public static let untriedRows = 30
    /// Step indices drawn in the intensity chart, at most.
    public static let intensitySteps = 40

    // MARK: Shared by both formats

    /// An outcome's name, `not finished` for none.
    static func outcomeName(_ outcome: String?) -> String { outcome ?? PathDocument.unfinished }

    /// `part` of `whole` to four decimals, for JSON.
    static func share(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }

    /// `3`, `2.5`, `3.3`: one decimal, none when whole.
    static func decimal(_ d: Double) -> String {
        let tenths = (d * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// `12 s`, `2 min 5 s`, `1 h 3 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds >= 60 else { return decimal(seconds) + " s" }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        return "\(s / 3600) h" + (s % 3600 / 60 == 0 ? "" : " \(s % 3600 / 60) min")
    }

    /// A choice: its node, number, label and target, now.
    func choice(_ c: ChoiceRef) -> (node: String, number: Int, label: String, target: String) {
        let choice = library.node(c.node).choices[Int(c.index)]
        return (library.address(of: c.node), Int(c.index) + 1, choice.label,
                choice.resolved.map { library.address(of: $0) } ?? choice.target.description)
    }

    /// The trees' titles in the library's order, those someone walked.
    var walkedTitles: [String] { report.trees.map { library.trees[$0.tree].title } }
}
