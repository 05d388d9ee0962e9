import DefuseCore

/// `path`: the walk as breadcrumbs, with the choices taken, the notes, the
/// words said and their rating, the customer's intensity as a curve, and
/// each branch tried and undone, indented under the step it was tried from.
extension Renderer {
    func path(_ session: Session, short: Bool = false) -> String {
        let lib = session.library
        guard !session.steps.isEmpty else { return style.dim("No steps yet: open a tree to start a walk.") + "\n" }
        var out = style.bold("Path") + style.dim(" (\(plural(session.steps.count, "step")))")
        let curve = IntensityCurve(session.steps.map { lib.node($0.node).intensity?.value })
        if !curve.isEmpty {
            out += style.dim(" · intensity ") + (blocks ? curve.sparkline : curve.digits)
            if let peak = curve.peak { out += style.dim(" (peak \(peak.value) at step \(peak.step + 1))") }
        }
        out = wrap(out, indent: "  ", firstIndent: "") + "\n"
        /// A list of steps still to show: the walk, or a branch tried from a
        /// step, with the step before its first (for the choice that led
        /// there) and how deep it is (0: the walk).
        struct Frame {
            var steps: [Step]
            var next = 0
            var before: NodeRef?
            var depth: Int
        }
        var stack = [Frame(steps: session.steps, before: nil, depth: 0)]
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].next < stack[top].steps.count else {
                stack.removeLast()
                continue
            }
            let frame = stack[top]
            let i = frame.next
            let step = frame.steps[i]
            stack[top].next += 1
            let before = i > 0 ? frame.steps[i - 1].node : frame.before
            let source = lib.node(step.node)
            var arrival = ""
            switch step.arrival {
            case .choice(let c):
                let label = before.map { b -> String in
                    let shown = session.display(b)
                    return c < shown.choices.count ? shown.choices[c].label : "?"
                } ?? "?"
                arrival = style.dim("[\(c + 1)] ") + safe(label)
            case .goto: arrival = style.dim("goto")
            case .restart: arrival = style.dim("restart")
            case .open: arrival = i > 0 || frame.depth > 0 ? style.dim("open") : ""
            }
            var place = style.cyan(safe(lib.address(of: step.node))) + "  " + safe(session.display(step.node).title)
            if source.isEnd, let outcome = source.outcome { place += "  (" + outcomeColor(safe(outcome)) + ")" }
            let indent: String
            if frame.depth == 0 {
                // The walk: how each step was reached, then the step, numbered.
                indent = ""
                if !arrival.isEmpty { out += wrap(style.dim("└ ") + arrival, indent: "         ", firstIndent: "     ") + "\n" }
                let number = String(i + 1)
                var line = String(repeating: " ", count: max(0, 3 - number.count)) + number + ". " + place
                if i == frame.steps.count - 1 { line += style.bold("  ← you are here") }
                out += wrap(line, indent: "       ", firstIndent: "") + "\n"
            } else {
                // A branch: under a line that says so, each step on one
                // line, after the choice that led to it.
                indent = String(repeating: "    ", count: frame.depth) + "   "
                if i == 0 { out += String(indent.dropLast(2)) + style.dim("↳ tried, then undone:") + "\n" }
                out += wrap(arrival + style.dim(" → ") + place, indent: indent + "    ", firstIndent: indent) + "\n"
            }
            let detail = frame.depth == 0 ? "       " : indent + "  "
            for note in step.notes {
                out += wrap(safe(note.text), indent: detail + "  ", firstIndent: detail + "✎ ") + "\n"
            }
            if let said = step.annotations.said {
                var text = "“" + safe(said.text) + "”" + style.dim(saidDetails(said))
                if let rating = step.annotations.rating { text += style.dim(" · rated \(rating)/5") }
                out += wrap(text, indent: detail + "  ", firstIndent: detail + "» ") + "\n"
            } else if DrillSummary.movedOnUnanswered(drill: step.drill, hasPhrases: session.display(step.node).phraseCount > 0,
                                                     answered: false, last: frame.depth == 0 && i == frame.steps.count - 1) {
                out += detail + style.dim("(not drilled)") + "\n"
            }
            if !short {
                // Pushed last first, so the oldest branch shows first; each
                // under a line of its own.
                for branch in step.undone.reversed() {
                    stack.append(Frame(steps: branch, before: step.node, depth: frame.depth + 1))
                }
            }
        }
        return out
    }

    func pathJSON(_ session: Session) -> JSON {
        let lib = session.library
        /// Each list of steps as JSON: the walk, or a branch tried from the step at `before`.
        func list(_ steps: [Step], before: NodeRef?) -> JSON {
            var out: [JSON] = []
            for (i, step) in steps.enumerated() {
                let node = lib.node(step.node)
                var choice = JSON.null
                if case .choice(let c) = step.arrival, let previous = i > 0 ? steps[i - 1].node : before {
                    let prev = session.display(previous)
                    choice = .object([("number", .int(c + 1)), ("label", .string(c < prev.choices.count ? prev.choices[c].label : ""))])
                }
                out.append(.object([
                    ("tree", .string(lib.trees[Int(step.node.tree)].id)),
                    ("node", .string(node.id)),
                    ("title", .string(session.display(step.node).title)),
                    ("arrival", .string(step.arrival.kind.rawValue)),
                    ("choice", choice),
                    ("outcome", .optional(node.isEnd ? node.outcome : nil)),
                    ("intensity", node.intensity.map { .int($0.value) } ?? .null),
                    ("notes", .array(step.notes.map { .string($0.text) })),
                    ("said", step.annotations.said?.json ?? .null),
                    ("rating", step.annotations.rating.map { .int($0) } ?? .null),
                    ("drill", .bool(step.drill)),
                    ("undone", .array(step.undone.map { list($0, before: step.node) })),
                ]))
            }
            return .array(out)
        }
        return .object([("type", .string("path")), ("steps", list(session.steps, before: nil))])
    }
}
