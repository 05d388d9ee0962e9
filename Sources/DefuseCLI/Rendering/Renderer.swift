import DefuseCore

/// Turns nodes, paths and lists into text for a terminal or a pipe. Every
/// piece of text from a file goes through `Visible.escape` first.
struct Renderer {
    var style: Style
    var width: Int
    /// Whether the output shows block characters (the intensity sparkline);
    /// digits stand in where it may not (TERM=dumb, a locale that is not
    /// UTF-8, script mode).
    var blocks: Bool

    init(style: Style, width: Int, blocks: Bool = false) {
        self.style = style
        self.width = max(30, min(width, 100))
        self.blocks = blocks
    }

    func safe(_ s: String) -> String { Visible.escape(s) }

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
        if let note { out += style.dim(wrap(note, indent: "  ", firstIndent: "")) + "\n" }
        out += wrap(style.boldCyan(safe(tree.title)) + style.dim(" › ") + style.bold(safe(node.title)), indent: "  ", firstIndent: "") + "\n"
        let words = Chrome.forLanguage(tree.lang)
        if let intensity = source.intensity {
            out += wrap(style.dim(words.customer + ": ") + safe(words.intensityName(intensity)) + style.dim(" (\(intensity.value)/5)"),
                        indent: "    ", firstIndent: "  ") + "\n"
        }
        for paragraph in node.guidance {
            out += "\n" + wrap(safe(paragraph), indent: "  ") + "\n"
        }
        // What the trainee said here, when this is where the walk is.
        let here = session.steps.last.flatMap { $0.node == ref ? $0.annotations : nil }
        if let said = here?.said {
            out += "\n" + wrap(style.bold(words.youSaid + ":") + " " + words.quotes.0 + safe(said.text) + words.quotes.1
                               + style.dim(saidDetails(said, words: words)), indent: "    ", firstIndent: "  ") + "\n"
        }
        if !node.phrases.isEmpty {
            let tone = source.tone.map { " (\(safe(words.tone($0))))" } ?? ""
            if session.phrasesHidden {
                let hidden = session.drill ? words.yourTurn : words.hiddenText(node.phrases.count)
                out += "\n" + wrap(style.bold("\(words.say)\(tone):") + " " + style.dim(hidden), indent: "    ", firstIndent: "  ") + "\n"
            } else {
                out += "\n" + wrap(style.bold("\(words.say)\(tone):"), indent: "  ") + "\n"
                for (i, phrase) in node.phrases.enumerated() {
                    let number = "\(i + 1). "
                    let text = wrap(words.quotes.0 + safe(phrase.text) + words.quotes.1, indent: "      ", firstIndent: "    " + number)
                    out += style.italic(text) + "\n"
                }
                if session.drill, let here, here.said != nil, here.rating == nil {
                    out += style.dim(wrap(words.rateHint, indent: "  ")) + "\n"
                }
            }
        }
        if node.isEnd || source.isEnd {
            let outcome = source.outcome ?? "end"
            out += "\n" + wrap(style.bold("\(words.outcome):") + " " + outcomeColor(safe(outcome), shown: safe(words.outcomeName(outcome))),
                               indent: "    ", firstIndent: "  ") + "\n"
            out += style.dim(wrap(words.endHint, indent: "  ")) + "\n"
        } else {
            out += "\n" + wrap(style.bold(words.next), indent: "  ") + "\n"
            for (i, choice) in node.choices.enumerated() {
                let sourceChoice = i < source.choices.count ? source.choices[i] : choice
                var label = safe(choice.label)
                if let target = sourceChoice.resolved, target.tree != ref.tree {
                    label += style.dim(" → " + safe(lib.trees[Int(target.tree)].id))
                }
                let number = style.bold("[\(i + 1)]")
                let pad = i + 1 < 10 && node.choices.count >= 10 ? " " : ""
                out += wrap(label, indent: "        ", firstIndent: "    \(pad)" + number + " ") + "\n"
            }
        }
        return out
    }

    /// ` (phrase 2, 4 s)`: which phrase the words were, and how long it took.
    func saidDetails(_ said: Said, words: Chrome = Chrome.forLanguage(nil)) -> String {
        var parts: [String] = []
        if let phrase = said.phrase { parts.append("\(words.phrase) \(phrase)") }
        // (A no-break space: a line never ends between a number and its unit.)
        if let seconds = said.seconds { parts.append("\(seconds)\u{00A0}s") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// The reply to `say` outside drill mode: what was recorded, and where.
    func said(_ session: Session, _ said: Said) -> String {
        let place = session.current.map { session.library.address(of: $0) } ?? ""
        return wrap(style.dim("✎ Said at \(safe(place)):") + " “" + safe(said.text) + "”" + style.dim(saidDetails(said)),
                    indent: "    ", firstIndent: "") + "\n"
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
            ("intensity", source.intensity.map { .int($0.value) } ?? .null),
            ("drill", .bool(session.drill)),
            ("choices", .array(choices)),
            ("end", .bool(source.isEnd)),
            ("outcome", .optional(source.outcome)),
            ("sources", .array(source.sources.map { .string($0) })),
            ("step", .int(session.steps.count)),
        ])
    }

    /// Where choice `number` leads, without going there: the target's
    /// title, its first paragraph, and its outcome if it is an end.
    func peek(_ session: Session, number: Int, choice: Choice, target: NodeRef) -> String {
        let node = session.display(target)
        let source = session.library.node(target)
        var text = wrap(style.dim("[\(number)] ") + safe(choice.label) + style.dim(" leads to ")
                        + style.cyan(safe(session.library.address(of: target))) + ": " + style.bold(safe(node.title)),
                        indent: "  ", firstIndent: "") + "\n"
        if let first = node.guidance.first { text += wrap(safe(first), indent: "  ") + "\n" }
        if source.isEnd { text += wrap("Outcome: " + outcomeColor(safe(source.outcome ?? "end")), indent: "    ", firstIndent: "  ") + "\n" }
        return text
    }

    /// Search results: each node's `tree#node` and title, and the text that
    /// matched when it was not the title.
    func search(_ session: Session, query: String, hits: [SearchHit]) -> String {
        if hits.isEmpty { return style.dim(wrap("No node mentions '\(safe(query))'.", indent: "  ", firstIndent: "")) + "\n" }
        var text = ""
        for hit in hits {
            var line = style.cyan(safe(session.library.address(of: hit.node))) + "  " + style.bold(safe(session.display(hit.node).title))
            if hit.field != "title" {
                var snippet = hit.text
                if snippet.count > 70 { snippet = String(snippet.prefix(69)) + "…" }
                line += style.dim("  \(hit.field): ") + safe(snippet)
            }
            text += wrap(line, indent: "    ", firstIndent: "  ") + "\n"
        }
        let count = hits.count == 1 ? "1 match" : "\(hits.count) matches"
        return text + style.dim(wrap("\(count): 'goto TREE#NODE' to go there.", indent: "  ", firstIndent: "")) + "\n"
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
            out += wrap(style.bold("[\(i + 1)]") + " " + style.cyan(id) + pad + safe(shown.title)
                        + style.dim("  \(plural(tree.nodes.count, "node")) · \(langs.joined(separator: " "))"),
                        indent: "      ", firstIndent: "  ") + "\n"
            if let summary = shown.summary {
                out += style.dim(wrap(safe(summary), indent: "      ")) + "\n"
            }
        }
        return out
    }
}
