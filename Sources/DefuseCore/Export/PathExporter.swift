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

    // MARK: Markdown

    public func markdown() -> String {
        let doc = document
        var out = "# Coaching notes: " + Markdown.escape(treeTitles.joined(separator: " → ")) + "\n\n"
        var facts = ["**Outcome:** " + Markdown.escape(doc.outcome ?? "not finished")]
        facts.append("**Date:** \(doc.created.localDate)")
        facts.append("**Steps:** \(doc.steps.count)")
        facts.append("**Language:** " + Markdown.escape(doc.lang))
        out += facts.joined(separator: " · ") + "\n\n"
        out += "## The path\n\n```mermaid\n" + mermaid() + "```\n\n"
        out += "## Step by step\n"
        for (i, step) in doc.steps.enumerated() {
            out += "\n### \(i + 1). " + Markdown.escape(step.title) + "\n\n"
            var line = Markdown.code(step.ref) + " · " + arrivalText(step.arrival) + " · " + hhmm(step.time)
            let found = node(step)
            if found == nil { line += " · *(this node is no longer in the trees)*" }
            out += line + "\n"
            if let found {
                for paragraph in found.shown.guidance {
                    out += "\n" + Markdown.escape(paragraph) + "\n"
                }
            }
            if !step.phrases.isEmpty {
                let tone = found?.source.tone.map { " (" + Markdown.escape($0) + ")" } ?? ""
                out += "\n**Say\(tone):**\n\n"
                for phrase in step.phrases { out += "- “" + Markdown.escape(phrase) + "”\n" }
            }
            if let taken = step.taken {
                out += "\n**Chosen:** " + Markdown.escape(taken.label) + " → " + Markdown.code(taken.target) + "\n"
            } else if i + 1 < doc.steps.count {
                let next = doc.steps[i + 1]
                out += "\n**Then:** " + (next.arrival == .restart ? "restarted the tree" : next.arrival == .open ? "opened another tree" : "jumped")
                    + " → " + Markdown.code(next.ref) + "\n"
            }
            if let found {
                // Where the walk stopped before an end, every choice is still open.
                let last = i + 1 == doc.steps.count && step.taken == nil
                let others = alternatives(found.ref, shown: found.shown, taken: step.taken)
                if !others.isEmpty {
                    out += last ? "\n**Choices here (the walk stopped):**\n\n" : "\n**Not taken:**\n\n"
                    for (label, target) in others {
                        out += "- " + Markdown.escape(label) + " → " + Markdown.code(target) + "\n"
                    }
                }
            }
            if i == doc.steps.count - 1, let found, found.source.isEnd {
                out += "\n**Outcome:** " + Markdown.escape(found.source.outcome ?? "end") + "\n"
            }
            for note in step.notes {
                out += "\n> **✎ Note** (\(hhmm(note.time))): " + Markdown.escape(note.text) + "\n"
            }
        }
        let techniques = techniquesUsed()
        if !techniques.isEmpty {
            out += "\n## Techniques used\n"
            var article = "\u{0}"
            for t in techniques {
                if t.article != article {
                    article = t.article
                    out += "\n"
                    if !t.article.isEmpty {
                        let title = library.sources?.article(t.article)?.title
                        out += "**Article " + Markdown.escape(t.article) + (title.map { ": " + Markdown.escape($0) } ?? "") + "**\n\n"
                    } else {
                        out += "**Other sources**\n\n"
                    }
                }
                let steps = t.steps.map(String.init).joined(separator: ", ")
                var line = "- " + Markdown.code(t.id)
                if !t.description.isEmpty { line += " — " + Markdown.escape(t.description) }
                line += " *(step" + (t.steps.count == 1 ? " " : "s ") + steps + ")*"
                out += line + "\n"
            }
        }
        out += "\n---\n\n*Exported by defuse " + Visible.escape(doc.defuse) + " on " + doc.created.localMinute + ".*\n"
        return out
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

    /// A Mermaid flowchart of the path: one box per node visited, one arrow
    /// per move, the end styled by its outcome.
    public func mermaid() -> String {
        var ids: [String: Int] = [:]
        var out = "flowchart TD\n"
        for step in document.steps where ids[step.ref] == nil {
            ids[step.ref] = ids.count
            out += "  n\(ids[step.ref]!)[\"" + Mermaid.label(step.title) + "<br/><small>" + Mermaid.label(step.ref) + "</small>\"]\n"
        }
        var edges = Set<String>()
        for i in document.steps.indices.dropFirst() {
            let from = ids[document.steps[i - 1].ref]!, to = ids[document.steps[i].ref]!
            let label: String
            if let taken = document.steps[i - 1].taken { label = taken.label } else { label = document.steps[i].arrival.rawValue }
            let edge = "  n\(from) -->|\"" + Mermaid.label(label) + "\"| n\(to)\n"
            if edges.insert(edge).inserted { out += edge }
        }
        out += "  classDef start stroke-width:3px\n"
        out += "  class n0 start\n"
        if let outcome = document.outcome, let last = document.steps.last, let n = ids[last.ref] {
            let cls = Mermaid.outcomeClass(outcome)
            out += "  classDef \(cls) \(Mermaid.outcomeStyle(outcome))\n"
            out += "  class n\(n) \(cls)\n"
        }
        return out
    }

    // MARK: Text

    /// Plain text to paste into an email or a chat.
    public func text() -> String {
        let doc = document
        var out = "Coaching notes: " + Visible.escape(treeTitles.joined(separator: " → ")) + "\n"
        out += "Outcome: " + Visible.escape(doc.outcome ?? "not finished") + ". \(doc.created.localDate), "
            + (doc.steps.count == 1 ? "1 step" : "\(doc.steps.count) steps") + ".\n"
        for (i, step) in doc.steps.enumerated() {
            out += "\n\(i + 1). " + Visible.escape(step.title) + " (" + Visible.escape(step.ref) + ")\n"
            for phrase in step.phrases { out += "   Say: “" + Visible.escape(phrase) + "”\n" }
            if let taken = step.taken {
                out += "   Chose: " + Visible.escape(taken.label) + "\n"
            } else if i + 1 < doc.steps.count {
                out += "   Then: " + doc.steps[i + 1].arrival.rawValue + " " + Visible.escape(doc.steps[i + 1].ref) + "\n"
            }
            for note in step.notes { out += "   Note: " + Visible.escape(note.text) + "\n" }
        }
        let techniques = techniquesUsed().filter { !$0.article.isEmpty }
        if !techniques.isEmpty {
            out += "\nTechniques: " + techniques.map(\.id).map { Visible.escape($0) }.joined(separator: ", ") + ".\n"
        }
        return out
    }
}
