import DefuseCore

/// What the room sees on the projector (`defuse follow`): the current node
/// only, large-spaced: the tree's title, the node's title and the customer's
/// intensity, the guidance, the phrases (hidden exactly while the session
/// hides them; the trainee's answer once given), the choices, and the path
/// as a short breadcrumb. No prompt, no ids, no notes, no command output.
struct AudienceView {
    var style: Style
    var width: Int
    /// The left margin.
    let margin = "   "

    init(style: Style, width: Int) {
        self.style = style
        self.width = max(40, width)
    }

    /// The view's lines; `status` is a line for the foot (the session ended,
    /// the journal was cut short, ...).
    func lines(_ session: Session, status: String?) -> [String] {
        var out: [String] = [""]
        let renderer = Renderer(style: style, width: width - margin.count)
        func text(_ s: String, indent: String = "") -> [String] {
            renderer.wrap(s, indent: margin + indent, firstIndent: margin + indent).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        guard let ref = session.current else {
            return waiting(Chrome.forLanguage(session.lang).waiting + (status.map { "\n" + $0 } ?? ""))
        }
        let lib = session.library
        let node = session.display(ref)
        let source = lib.node(ref)
        let tree = session.displayTree(Int(ref.tree))
        let words = Chrome.forLanguage(tree.lang)
        let safe = { (s: String) in Visible.escape(s) }
        out += text(style.dim(safe(tree.title)))
        out += [""]
        out += text(style.bold(safe(node.title)))
        if let intensity = source.intensity {
            out += text(style.dim(words.customer + ": ") + safe(words.intensityName(intensity)) + style.dim(" (\(intensity.value)/5)"))
        }
        for paragraph in node.guidance {
            out += [""] + text(safe(paragraph))
        }
        let here = session.steps.last?.annotations
        if !node.phrases.isEmpty {
            let tone = source.tone.map { " (\(safe(words.tone($0))))" } ?? ""
            out += [""]
            if session.phrasesHidden {
                out += text(style.bold("\(words.say)\(tone):") + " " + style.dim(words.whatWouldYouSay))
            } else {
                if session.drill, let said = here?.said {
                    out += text(style.bold(words.answer + ":") + " " + words.quotes.0 + safe(said.text) + words.quotes.1)
                    out += [""]
                }
                out += text(style.bold("\(words.say)\(tone):"))
                for phrase in node.phrases {
                    out += [""] + text(style.italic(words.quotes.0 + safe(phrase.text) + words.quotes.1), indent: "   ")
                }
            }
        }
        if source.isEnd {
            let outcome = source.outcome ?? "end"
            out += [""] + text(style.bold("\(words.outcome):") + " " + renderer.outcomeColor(safe(outcome), shown: safe(words.outcomeName(outcome))))
        } else {
            out += [""] + text(style.bold(words.next))
            for (i, choice) in node.choices.enumerated() {
                out += [""] + text(style.bold("\(i + 1)") + "  " + safe(choice.label), indent: "   ")
            }
        }
        // The last few steps, as titles.
        let recent = session.steps.suffix(4).map { safe(session.display($0.node).title) }
        if recent.count > 1 {
            let crumbs = (session.steps.count > 4 ? "… › " : "") + recent.joined(separator: " › ")
            out += ["", ""] + text(style.dim(crumbs))
        }
        if let status { out += [""] + text(style.dim(status)) }
        return out
    }

    /// The view while there is nothing to show: `message`, each of its lines
    /// a paragraph.
    func waiting(_ message: String) -> [String] {
        let renderer = Renderer(style: style, width: width - margin.count)
        var out: [String] = [""]
        for paragraph in message.split(separator: "\n") {
            out += renderer.wrap(style.dim(String(paragraph)), indent: margin).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            out += [""]
        }
        return out
    }

    /// `lines` made to fit `height` rows: with single blank lines between
    /// parts, then with none, then cut with an ellipsis.
    static func fit(_ lines: [String], height: Int) -> [String] {
        guard lines.count > height else { return lines }
        var spaced: [String] = []
        for line in lines where !(line.isEmpty && (spaced.last?.isEmpty ?? true)) { spaced.append(line) }
        guard spaced.count > height else { return spaced }
        let packed = spaced.filter { !$0.isEmpty }
        guard packed.count > height else { return packed }
        return Array(packed.prefix(max(0, height - 1))) + ["   …"]
    }
}
