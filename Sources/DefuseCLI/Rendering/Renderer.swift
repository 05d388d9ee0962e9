import DefuseCore

/// Turns nodes, paths and lists into text for a terminal or a pipe. Every
/// piece of text from a file goes through `Visible.escape` first.
struct Renderer {
    var style: Style
    var width: Int

    init(style: Style, width: Int) {
        self.style = style
        self.width = max(30, min(width, 100))
    }

    func safe(_ s: String) -> String { Visible.escape(s) }

    /// Word-wraps `text` to the width, each line starting with `indent`.
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> String {
        let limit = width - indent.count
        var lines: [String] = []
        var line = ""
        var lineLength = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let w = Renderer.width(word)
            if lineLength > 0 && lineLength + 1 + w > limit {
                lines.append(line)
                line = ""
                lineLength = 0
            }
            if lineLength > 0 { line += " "; lineLength += 1 }
            line += word
            lineLength += w
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.enumerated().map { i, l in (i == 0 ? (firstIndent ?? indent) : indent) + l }.joined(separator: "\n")
    }

    /// How many columns `text` takes: its characters, less the escape
    /// sequences of `Style` (`ESC [ ... m`), which take none.
    static func width<S: StringProtocol>(_ text: S) -> Int {
        var n = 0
        var inEscape = false
        for ch in text.unicodeScalars {
            if inEscape {
                if ch == "m" { inEscape = false }
            } else if ch == "\u{1B}" {
                inEscape = true
            } else {
                n += 1
            }
        }
        return n
    }

    /// An outcome in its colour; `shown` is the word to print (a translation).
    func outcomeColor(_ outcome: String, shown: String? = nil) -> String {
        let word = shown ?? outcome
        switch outcome {
        case "resolved": return style.green(style.bold(word))
        case "escalated": return style.yellow(style.bold(word))
        case "safety": return style.red(word)
        default: return style.blue(style.bold(word))
        }
    }

    /// The full view of a node: title, guidance, phrases, choices or outcome.
    func node(_ session: Session, _ ref: NodeRef, note: String? = nil) -> String {
        let lib = session.library
        let node = session.display(ref)
        let source = lib.node(ref)
        let tree = session.displayTree(Int(ref.tree))
        var out = ""
        if let note { out += style.dim(note) + "\n" }
        out += style.boldCyan(safe(tree.title)) + style.dim(" › ") + style.bold(safe(node.title)) + "\n"
        for paragraph in node.guidance {
            out += "\n" + wrap(safe(paragraph), indent: "  ") + "\n"
        }
        let words = Chrome.forLanguage(tree.lang)
        if !node.phrases.isEmpty {
            let tone = source.tone.map { " (\(safe(words.tone($0))))" } ?? ""
            if session.phrasesHidden {
                out += "\n  " + style.bold("\(words.say)\(tone):") + " "
                    + style.dim(words.hiddenText(node.phrases.count)) + "\n"
            } else {
                out += "\n  " + style.bold("\(words.say)\(tone):") + "\n"
                for (i, phrase) in node.phrases.enumerated() {
                    let number = "\(i + 1). "
                    let text = wrap(words.quotes.0 + safe(phrase.text) + words.quotes.1, indent: "      ", firstIndent: "    " + number)
                    out += style.italic(text) + "\n"
                }
            }
        }
        if node.isEnd || source.isEnd {
            let outcome = source.outcome ?? "end"
            out += "\n  " + style.bold("\(words.outcome):") + " " + outcomeColor(safe(outcome), shown: safe(words.outcomeName(outcome))) + "\n"
            out += style.dim("  " + words.endHint) + "\n"
        } else {
            out += "\n  " + style.bold(words.next) + "\n"
            for (i, choice) in node.choices.enumerated() {
                let sourceChoice = i < source.choices.count ? source.choices[i] : choice
                var label = safe(choice.label)
                if let target = sourceChoice.resolved, target.tree != ref.tree {
                    label += style.dim("  → " + safe(lib.trees[Int(target.tree)].id))
                }
                let number = style.bold("[\(i + 1)]")
                let pad = i + 1 < 10 && node.choices.count >= 10 ? " " : ""
                out += wrap(label, indent: "        ", firstIndent: "    \(pad)" + number + " ") + "\n"
            }
        }
        return out
    }

    func nodeJSON(_ session: Session, _ ref: NodeRef) -> JSON {
        let lib = session.library
        let node = session.display(ref)
        let source = lib.node(ref)
        let tree = lib.trees[Int(ref.tree)]
        var choices: [JSON] = []
        for (i, c) in source.choices.enumerated() {
            let label = i < node.choices.count ? node.choices[i].label : c.label
            var target = JSON.null
            var targetTree = JSON.null
            var targetNode = JSON.null
            if let r = c.resolved {
                let t = lib.trees[Int(r.tree)].id
                let n = lib.node(r).id
                target = .string(lib.address(of: r))
                targetTree = .string(t)
                targetNode = .string(n)
            }
            choices.append(.object([
                ("number", .int(i + 1)), ("label", .string(label)), ("target", target),
                ("tree", targetTree), ("node", targetNode),
            ]))
        }
        let phrases: JSON = session.phrasesHidden ? .null : .array(node.phrases.map { .string($0.text) })
        return .object([
            ("type", .string("node")),
            ("tree", .string(tree.id)),
            ("node", .string(source.id)),
            ("ref", .string(lib.address(of: ref))),
            ("lang", .string(session.displayTree(Int(ref.tree)).lang)),
            ("title", .string(node.title)),
            ("guidance", .array(node.guidance.map { .string($0) })),
            ("phrases", phrases),
            ("phrasesHidden", .bool(session.phrasesHidden)),
            ("tone", .optional(source.tone)),
            ("choices", .array(choices)),
            ("end", .bool(source.isEnd)),
            ("outcome", .optional(source.outcome)),
            ("sources", .array(source.sources.map { .string($0) })),
            ("step", .int(session.steps.count)),
        ])
    }

    /// Breadcrumbs of the walk, with the choices taken and the notes.
    func path(_ session: Session) -> String {
        let lib = session.library
        guard !session.steps.isEmpty else { return style.dim("No steps yet: open a tree to start a walk.") + "\n" }
        var out = style.bold("Path") + style.dim(" (\(plural(session.steps.count, "step")))") + "\n"
        for (i, step) in session.steps.enumerated() {
            let node = session.display(step.node)
            switch step.arrival {
            case .choice(let c):
                let prev = session.display(session.steps[i - 1].node)
                let label = c < prev.choices.count ? prev.choices[c].label : "?"
                out += "     " + style.dim("└ [\(c + 1)] ") + safe(label) + "\n"
            case .goto: out += "     " + style.dim("└ goto") + "\n"
            case .restart: out += "     " + style.dim("└ restart") + "\n"
            case .open: if i > 0 { out += "     " + style.dim("└ open") + "\n" }
            }
            let here = i == session.steps.count - 1
            let number = String(i + 1)
            let padded = String(repeating: " ", count: max(0, 3 - number.count)) + number
            var line = "\(padded). " + style.cyan(safe(lib.address(of: step.node))) + "  " + safe(node.title)
            if lib.node(step.node).isEnd, let outcome = lib.node(step.node).outcome { line += "  (" + outcomeColor(safe(outcome)) + ")" }
            if here { line += style.bold("  ← you are here") }
            out += line + "\n"
            for note in step.notes {
                out += wrap(safe(note.text), indent: "         ", firstIndent: "       ✎ ") + "\n"
            }
        }
        return out
    }

    func pathJSON(_ session: Session) -> JSON {
        let lib = session.library
        var steps: [JSON] = []
        for (i, step) in session.steps.enumerated() {
            let node = lib.node(step.node)
            var choice = JSON.null
            if case .choice(let c) = step.arrival, i > 0 {
                let prev = session.display(session.steps[i - 1].node)
                choice = .object([("number", .int(c + 1)), ("label", .string(c < prev.choices.count ? prev.choices[c].label : ""))])
            }
            steps.append(.object([
                ("tree", .string(lib.trees[Int(step.node.tree)].id)),
                ("node", .string(node.id)),
                ("title", .string(session.display(step.node).title)),
                ("arrival", .string(step.arrival.kind.rawValue)),
                ("choice", choice),
                ("outcome", .optional(node.isEnd ? node.outcome : nil)),
                ("notes", .array(step.notes.map { .string($0.text) })),
            ]))
        }
        return .object([("type", .string("path")), ("steps", .array(steps))])
    }

    /// Where choice `number` leads, without going there: the target's
    /// title, its first paragraph, and its outcome if it is an end.
    func peek(_ session: Session, number: Int, choice: Choice, target: NodeRef) -> String {
        let node = session.display(target)
        let source = session.library.node(target)
        var text = style.dim("[\(number)] ") + safe(choice.label) + style.dim(" leads to ")
            + style.cyan(safe(session.library.address(of: target))) + ": " + style.bold(safe(node.title)) + "\n"
        if let first = node.guidance.first { text += wrap(safe(first), indent: "  ") + "\n" }
        if source.isEnd { text += "  Outcome: " + outcomeColor(safe(source.outcome ?? "end")) + "\n" }
        return text
    }

    /// Search results: each node's `tree#node` and title, and the text that
    /// matched when it was not the title.
    func search(_ session: Session, query: String, hits: [SearchHit]) -> String {
        if hits.isEmpty { return style.dim("No node mentions '\(safe(query))'.") + "\n" }
        var text = ""
        for hit in hits {
            text += "  " + style.cyan(safe(session.library.address(of: hit.node))) + "  " + style.bold(safe(session.display(hit.node).title))
            if hit.field != "title" {
                var snippet = hit.text
                if snippet.count > 70 { snippet = String(snippet.prefix(69)) + "…" }
                text += style.dim("  \(hit.field): ") + safe(snippet)
            }
            text += "\n"
        }
        return text + style.dim("\(hits.count == 1 ? "1 match" : "\(hits.count) matches"): 'goto TREE#NODE' to go there.") + "\n"
    }

    func trees(_ session: Session) -> String {
        let lib = session.library
        var out = ""
        let idWidth = min(24, lib.trees.map { $0.id.count }.max() ?? 0)
        for (i, tree) in lib.trees.enumerated() {
            let shown = session.displayTree(i)
            let id = safe(tree.id)
            let pad = String(repeating: " ", count: max(1, idWidth - tree.id.count + 2))
            var langs = [tree.lang] + (lib.translations[tree.id]?.keys.sorted() ?? [])
            langs = Array(Set(langs)).sorted()
            out += "  " + style.bold("[\(i + 1)]") + " " + style.cyan(id) + pad + safe(shown.title)
                + style.dim("  \(plural(tree.nodes.count, "node")) · \(langs.joined(separator: " "))") + "\n"
            if let summary = shown.summary {
                out += style.dim(wrap(safe(summary), indent: "      ")) + "\n"
            }
        }
        return out
    }
}
