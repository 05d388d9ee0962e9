/// Coaching notes from a walked path: Markdown for a code host or print,
/// plain text for an email or a chat. Both read the path document and, for
/// what the path does not hold (guidance, alternatives, techniques), the
/// library as it is now; a node that is gone falls back to what was saved.
/// Neither reads a clock: every time comes from the document.
public struct PathExporter {
    public var document: PathDocument
    public var library: Library

    public init(document: PathDocument, library: Library) {
        self.document = document
        self.library = library
    }

    /// The node of step `i` in the document's language, if it still exists.
    func node(_ step: PathDocument.PathStep) -> (ref: NodeRef, shown: Node, source: Node)? {
        guard let ref = library.ref(tree: step.tree, node: step.node) else { return nil }
        return (ref, library.node(ref, lang: document.lang), library.node(ref))
    }

    /// The titles of the trees walked, in order, each once.
    var treeTitles: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for step in document.steps where seen.insert(step.tree).inserted {
            out.append(document.tree(step.tree)?.title ?? step.tree)
        }
        return out
    }

    func hhmm(_ t: Timestamp) -> String {
        String(t.localMinute.suffix(5))
    }

    func arrivalText(_ a: Arrival.Kind) -> String {
        switch a {
        case .open: return "opened"
        case .choice: return "by choice"
        case .goto: return "jumped here"
        case .restart: return "restarted"
        }
    }

    /// The node's other choices: label (in the document's language) and target.
    func alternatives(_ ref: NodeRef, shown: Node, taken: PathDocument.Taken?) -> [(String, String)] {
        let source = library.node(ref)
        var all: [(String, String)] = []
        for (i, choice) in source.choices.enumerated() {
            let label = i < shown.choices.count ? shown.choices[i].label : choice.label
            let target = choice.resolved.map { library.address(of: $0) } ?? choice.target.description
            all.append((label, target))
        }
        if let taken, let skip = all.firstIndex(where: { $0.0 == taken.label && $0.1 == taken.target })
            ?? all.firstIndex(where: { $0.1 == taken.target }) {
            all.remove(at: skip)
        }
        return all
    }

    struct TechniqueUse {
        var id: String
        var article: String
        var description: String
        var steps: [Int]
    }

    /// Every `source:` of the steps walked, grouped by article, in the
    /// playbook's order; free-text sources come last.
    func techniquesUsed() -> [TechniqueUse] {
        var uses: [String: TechniqueUse] = [:]
        var order: [String] = []
        for (i, step) in document.steps.enumerated() {
            guard let found = node(step) else { continue }
            for id in found.source.sources {
                if uses[id] == nil {
                    order.append(id)
                    let t = library.sources?.technique(id)
                    let article = t?.article ?? (SourceList.isPlaybookID(id) ? String(id.prefix(3)) : "")
                    uses[id] = TechniqueUse(id: id, article: article, description: t?.description ?? "", steps: [])
                }
                if uses[id]!.steps.last != i + 1 { uses[id]!.steps.append(i + 1) }
            }
        }
        let rank: (String) -> Int = { id in self.library.sources?.index[id] ?? Int.max }
        return order.enumerated().sorted { a, b in
            let ua = uses[a.element]!, ub = uses[b.element]!
            if ua.article.isEmpty != ub.article.isEmpty { return !ua.article.isEmpty }
            if ua.article != ub.article { return ua.article < ub.article }
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map { uses[$0.element]! }
    }

    /// The label of the choice of the step at `from` that leads to `to`
    /// (in the document's language), for a branch's first step; nil when
    /// none does now.
    func choiceLabel(from: PathDocument.PathStep, to: PathDocument.PathStep) -> String? {
        guard let parent = node(from) else { return nil }
        for (i, choice) in parent.source.choices.enumerated() where choice.resolved.map({ library.address(of: $0) }) == to.ref {
            return i < parent.shown.choices.count ? parent.shown.choices[i].label : choice.label
        }
        return nil
    }

    /// The intensity at each step of the walk, as saved.
    var curve: IntensityCurve { IntensityCurve(document.steps.map(\.intensity)) }
}
