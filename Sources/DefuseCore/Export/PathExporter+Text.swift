/// Coaching notes in plain text, to paste into an email or a chat.
extension PathExporter {
    public func text() -> String {
        let doc = document
        var out = "Coaching notes: " + Visible.escape(treeTitles.joined(separator: " → ")) + "\n"
        out += "Outcome: " + Visible.escape(doc.outcome ?? PathDocument.unfinished) + ". \(doc.created.localDate), "
            + (doc.steps.count == 1 ? "1 step" : "\(doc.steps.count) steps") + ".\n"
        let curve = self.curve
        if let peak = curve.peak {
            out += "Intensity: " + curve.digits + " (peak \(peak.value) at step \(peak.step + 1)"
                + (curve.final.map { ", final \($0)" } ?? "") + ").\n"
        }
        for (i, step) in doc.steps.enumerated() {
            out += "\n\(i + 1). " + Visible.escape(step.title) + " (" + Visible.escape(step.ref) + ")\n"
            out += details(step, indent: "   ", last: i == doc.steps.count - 1)
            if let taken = step.taken {
                out += "   Chose: " + Visible.escape(taken.label) + "\n"
            } else if i + 1 < doc.steps.count {
                out += "   Then: " + doc.steps[i + 1].arrival.rawValue + " " + Visible.escape(doc.steps[i + 1].ref) + "\n"
            }
            for note in step.notes { out += "   Note: " + Visible.escape(note.text) + "\n" }
            // Branches tried and undone, each line indented under the step it was tried from.
            var stack: [(branch: [PathDocument.PathStep], from: PathDocument.PathStep, indent: String)] =
                step.undone.reversed().map { ($0, step, "   ") }
            while case let (branch, from, indent)? = stack.popLast() {
                var line = indent + "Tried, then undone: "
                if branch.first?.arrival == .choice, let first = branch.first, let label = choiceLabel(from: from, to: first) {
                    line += Visible.escape(label) + " → "
                }
                out += line + branch.map { Visible.escape($0.ref) }.joined(separator: " → ") + "\n"
                for s in branch {
                    let more = details(s, indent: indent + "     ", phrases: false)
                    let notes = s.notes.map { indent + "     Note: " + Visible.escape($0.text) + "\n" }.joined()
                    if !more.isEmpty || !notes.isEmpty { out += indent + "   " + Visible.escape(s.ref) + "\n" + more + notes }
                    for b in s.undone.reversed() { stack.append((b, s, indent + "   ")) }
                }
            }
        }
        let summary = DrillSummary(doc)
        if !summary.isEmpty {
            out += (summary.turns.isEmpty ? "\nWords said: " : "\nDrill: ") + "\(summary.answers.count) " + (summary.answers.count == 1 ? "answer" : "answers")
            if !summary.turns.isEmpty { out += ", \(summary.turns.count - summary.notDrilled.count) of \(summary.turns.count) turns drilled" }
            if let average = summary.averageRating { out += ", average rating " + String((average * 10).rounded() / 10) + " of 5" }
            out += ".\n"
            let slowest = summary.slowest()
            if !slowest.isEmpty {
                out += "Slowest: " + slowest.map { "\($0.place) (\($0.step.annotations.said?.seconds ?? 0) s)" }.joined(separator: ", ") + ".\n"
            }
            let lowest = summary.lowestRated()
            if !lowest.isEmpty {
                out += "Lowest rated: " + lowest.map { "\($0.place) (\($0.step.annotations.rating ?? 0) of 5)" }.joined(separator: ", ") + ".\n"
            }
        }
        let techniques = techniquesUsed().filter { !$0.article.isEmpty }
        if !techniques.isEmpty {
            out += "\nTechniques: " + techniques.map(\.id).map { Visible.escape($0) }.joined(separator: ", ") + ".\n"
        }
        return out
    }

    /// A step's phrases, the words said and their rating, one a line.
    func details(_ step: PathDocument.PathStep, indent: String, phrases: Bool = true, last: Bool = false) -> String {
        var out = ""
        if phrases { for phrase in step.phrases { out += indent + "Say: “" + Visible.escape(phrase) + "”\n" } }
        if let said = step.annotations.said {
            var line = indent + "Said: “" + Visible.escape(said.text) + "”"
            var facts: [String] = []
            if let n = said.phrase { facts.append("phrase \(n)") }
            if let seconds = said.seconds { facts.append("\(seconds) s") }
            if let rating = step.annotations.rating { facts.append("rated \(rating) of 5") }
            if !facts.isEmpty { line += " (" + facts.joined(separator: ", ") + ")" }
            out += line + "\n"
        } else if phrases && DrillSummary.movedOnUnanswered(step, last: last) {
            out += indent + "Not drilled: moved on without answering.\n"
        }
        return out
    }
}
