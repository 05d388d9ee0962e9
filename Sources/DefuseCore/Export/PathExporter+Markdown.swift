/// Coaching notes in Markdown, for a code host or print: a headline, the
/// path and the customer's intensity as pictures, every step with its
/// guidance, the playbook's phrases beside the trainee's words, the choice
/// made and those not taken, the notes, each branch tried and undone, a
/// drill summary, and the techniques used.
extension PathExporter {
    public func markdown() -> String {
        let doc = document
        var out = "# Coaching notes: " + Markdown.escape(treeTitles.joined(separator: " → ")) + "\n\n"
        var facts = ["**Outcome:** " + Markdown.escape(doc.outcome ?? PathDocument.unfinished)]
        facts.append("**Date:** \(doc.created.localDate)")
        facts.append("**Steps:** \(doc.steps.count)")
        facts.append("**Language:** " + Markdown.escape(doc.lang))
        let curve = self.curve
        if let peak = curve.peak {
            var intensity = "**Intensity:** peak \(peak.value) (step \(peak.step + 1))"
            if let final = curve.final { intensity += ", final \(final)" }
            facts.append(intensity)
        }
        out += facts.joined(separator: " · ") + "\n\n"
        out += "## The path\n\n```mermaid\n" + mermaid() + "```\n\n"
        if !curve.isEmpty {
            out += "## The customer's intensity\n\n"
            out += "0 calm, 1 displeased, 2 upset, 3 angry, 4 hostile, 5 threatening or unsafe.\n\n"
            out += "```mermaid\n" + intensityChart(curve) + "```\n\n"
        }
        out += "## Step by step\n"
        for (i, step) in doc.steps.enumerated() {
            out += "\n### \(i + 1). " + Markdown.escape(step.title) + "\n\n"
            var line = Markdown.code(step.ref) + " · " + arrivalText(step.arrival) + " · " + hhmm(step.time)
            if let intensity = step.intensity { line += " · intensity \(intensity)" }
            let found = node(step)
            if found == nil { line += " · *(this node is no longer in the trees)*" }
            out += line + "\n"
            if let found {
                for paragraph in found.shown.guidance {
                    out += "\n" + Markdown.escape(paragraph) + "\n"
                }
            }
            out += phrasesAndWords(step, tone: found?.source.tone, last: i == doc.steps.count - 1)
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
            if !step.undone.isEmpty { out += "\n**Tried and undone:**\n\n" + branches(of: step) }
        }
        out += drillSummary()
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

    /// The playbook's phrases, and beside them what the trainee said there,
    /// with the time it took and their rating.
    func phrasesAndWords(_ step: PathDocument.PathStep, tone: String?, last: Bool) -> String {
        let toneText = tone.map { " (" + Markdown.escape($0) + ")" } ?? ""
        var out = ""
        let annotations = step.annotations
        if let said = annotations.said {
            var heading = "The trainee said"
            if let seconds = said.seconds { heading += " (\(seconds) s)" }
            let playbook = step.phrases.map { "“" + Markdown.escape($0) + "”" }.joined(separator: "<br/>")
            var words = "“" + Markdown.escape(said.text) + "”"
            if let n = said.phrase { words += " *(phrase \(n))*" }
            out += "\n| The playbook says\(toneText) | \(heading) |\n| --- | --- |\n"
            out += "| " + (playbook.isEmpty ? "*(no phrases here)*" : playbook) + " | " + words + " |\n"
            if let rating = annotations.rating { out += "\n**Rating:** \(rating) of 5 (how close the trainee judged it)\n" }
        } else if !step.phrases.isEmpty {
            out += "\n**Say\(toneText):**\n\n"
            for phrase in step.phrases { out += "- “" + Markdown.escape(phrase) + "”\n" }
            if DrillSummary.movedOnUnanswered(step, last: last) { out += "\n*Drill: moved on without answering.*\n" }
        }
        return out
    }

    /// Each branch tried from `step` and undone, as a nested list: where it
    /// went, how far, and what was said and noted there (branches nest).
    func branches(of step: PathDocument.PathStep) -> String {
        var out = ""
        /// Branches still to list, each with the step it was tried from and its depth.
        var stack: [(branch: [PathDocument.PathStep], from: PathDocument.PathStep, depth: Int)] =
            step.undone.reversed().map { ($0, step, 0) }
        while case let (branch, from, depth)? = stack.popLast() {
            // Under the "tried, then undone from here" item of the step before.
            let indent = String(repeating: " ", count: depth * 6)
            var line = indent + "- "
            if branch.first?.arrival == .choice, let first = branch.first, let label = choiceLabel(from: from, to: first) {
                line += "“" + Markdown.escape(label) + "” → "
            }
            line += branch.map { Markdown.code($0.ref) }.joined(separator: " → ")
            line += " *(" + (branch.count == 1 ? "1 step" : "\(branch.count) steps") + ")*"
            out += line + "\n"
            for s in branch {
                var details: [String] = []
                if let said = s.annotations.said {
                    var d = "said “" + Markdown.escape(said.text) + "”"
                    if let seconds = said.seconds { d += " (\(seconds) s)" }
                    if let rating = s.annotations.rating { d += ", rated \(rating) of 5" }
                    details.append(d)
                }
                for note in s.notes { details.append("✎ Note (\(hhmm(note.time))): " + Markdown.escape(note.text)) }
                if details.isEmpty && s.undone.isEmpty { continue }
                out += indent + "  - " + Markdown.code(s.ref) + " " + Markdown.escape(s.title) + "\n"
                for d in details { out += indent + "    - " + d + "\n" }
                if !s.undone.isEmpty {
                    out += indent + "    - tried, then undone from here:\n"
                    for b in s.undone.reversed() { stack.append((b, s, depth + 1)) }
                }
            }
        }
        return out
    }

    /// The drill summary: turns answered, the average rating, the slowest
    /// answers and the lowest-rated steps (nothing when no words were said
    /// and drill mode was never on; "Words said" when only the words were).
    func drillSummary() -> String {
        let summary = DrillSummary(document)
        guard !summary.isEmpty else { return "" }
        // Words said without drill mode are a record of the words, not a drill.
        var out = summary.turns.isEmpty ? "\n## Words said\n\n" : "\n## Drill\n\n"
        var facts: [String] = []
        if !summary.turns.isEmpty {
            facts.append("**Drilled:** \(summary.turns.count - summary.notDrilled.count) of \(summary.turns.count) turns")
        }
        facts.append("**Answers:** \(summary.answers.count)")
        if let average = summary.averageRating {
            facts.append("**Average rating:** " + String((average * 10).rounded() / 10) + " of 5")
        }
        out += facts.joined(separator: " · ") + "\n"
        let slowest = summary.slowest()
        if !slowest.isEmpty {
            out += "\n**Slowest answers:**\n\n"
            for a in slowest {
                out += "- \(a.place): " + Markdown.escape(a.step.title) + " — \(a.step.annotations.said?.seconds ?? 0) s\n"
            }
        }
        let lowest = summary.lowestRated()
        if !lowest.isEmpty {
            out += "\n**Lowest rated:**\n\n"
            for a in lowest {
                out += "- \(a.place): " + Markdown.escape(a.step.title) + " — \(a.step.annotations.rating ?? 0) of 5: “"
                    + Markdown.escape(a.step.annotations.said?.text ?? "") + "”\n"
            }
        }
        let skipped = summary.notDrilled
        if !skipped.isEmpty {
            out += "\n**Not drilled:** " + skipped.map { "\($0.place) (" + Markdown.escape($0.step.title) + ")" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// A Mermaid line chart of the intensity at each step (steps without one left out).
    func intensityChart(_ curve: IntensityCurve) -> String {
        let points = curve.values.enumerated().compactMap { i, v in v.map { (i + 1, $0) } }
        var out = "xychart-beta\n"
        out += "  title \"Customer's intensity, step by step\"\n"
        out += "  x-axis \"Step\" [" + points.map { String($0.0) }.joined(separator: ", ") + "]\n"
        out += "  y-axis \"Intensity\" 0 --> 5\n"
        out += "  line [" + points.map { String($0.1) }.joined(separator: ", ") + "]\n"
        return out
    }

    /// A Mermaid flowchart of the path: one box per node visited, one arrow
    /// per move, the end styled by its outcome; branches tried and undone
    /// as dashed arrows to boxes of their own.
    public func mermaid() -> String {
        var ids: [String: Int] = [:]
        var out = "flowchart TD\n"
        func box(_ step: PathDocument.PathStep) -> Int {
            if let id = ids[step.ref] { return id }
            let id = ids.count
            ids[step.ref] = id
            out += "  n\(id)[\"" + Mermaid.label(step.title) + "<br/><small>" + Mermaid.label(step.ref) + "</small>\"]\n"
            return id
        }
        for step in document.steps { _ = box(step) }
        var edges = Set<String>()
        var lines: [String] = []
        for i in document.steps.indices.dropFirst() {
            let from = ids[document.steps[i - 1].ref]!, to = ids[document.steps[i].ref]!
            let label: String
            if let taken = document.steps[i - 1].taken { label = taken.label } else { label = document.steps[i].arrival.rawValue }
            let edge = "  n\(from) -->|\"" + Mermaid.label(label) + "\"| n\(to)\n"
            if edges.insert(edge).inserted { lines.append(edge) }
        }
        var tried = Set<Int>()
        var stack: [(branch: [PathDocument.PathStep], from: PathDocument.PathStep)] = []
        for step in document.steps.reversed() { for b in step.undone.reversed() { stack.append((b, step)) } }
        while case let (branch, from)? = stack.popLast() {
            var previous = from
            for (k, step) in branch.enumerated() {
                let known = ids[step.ref] != nil
                let to = box(step)
                if !known { tried.insert(to) }
                let label = k == 0 ? "tried" : (previous.taken?.label ?? step.arrival.rawValue)
                let edge = "  n\(ids[previous.ref]!) -.->|\"" + Mermaid.label(label) + "\"| n\(to)\n"
                if edges.insert(edge).inserted { lines.append(edge) }
                for b in step.undone.reversed() { stack.append((b, step)) }
                previous = step
            }
        }
        out += lines.joined()
        out += "  classDef start stroke-width:3px\n"
        out += "  class n0 start\n"
        if !tried.isEmpty {
            out += "  classDef tried stroke-dasharray:4 3,fill:#f6f8fa\n"
            out += "  class " + tried.sorted().map { "n\($0)" }.joined(separator: ",") + " tried\n"
        }
        if let outcome = document.outcome, let last = document.steps.last, let n = ids[last.ref] {
            let cls = Mermaid.outcomeClass(outcome)
            out += "  classDef \(cls) \(Mermaid.outcomeStyle(outcome))\n"
            out += "  class n\(n) \(cls)\n"
        }
        return out
    }
}
