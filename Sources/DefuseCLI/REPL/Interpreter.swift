import DefuseCore

/// Runs session commands against a `Session` and renders the replies. Shared
/// by the interactive REPL and script mode; it never reads input itself.
final class Interpreter {
    var session: Session
    var style: Style
    let json: Bool
    let console: Console
    /// Where script lines come from, for error messages (`script.defuse:12:`).
    var scriptName: String?
    var lineNumber = 0
    /// Lines that failed so far.
    var failures = 0
    var widthOverride: Int?
    /// Whether the terminal shows block characters (see `Renderer.blocks`).
    var blocks = false
    private var printedReply = false
    /// Autosave of an interactive session (see Autosave.swift).
    var journal: Journal?
    /// The line-editing history of an interactive session.
    var history: History?
    /// Where the trees were loaded from (the journal records them for `follow`).
    var treePaths: [String] = []

    init(session: Session, style: Style, json: Bool, console: Console) {
        self.session = session
        self.style = style
        self.json = json
        self.console = console
    }

    var renderer: Renderer { Renderer(style: style, width: widthOverride ?? console.out.columns, blocks: blocks) }

    /// `angry › listen › `, or `defuse › ` before a tree is open. On a
    /// narrow terminal it leaves room to type: `listen › ` alone, or the end
    /// of a long node id (`…-sixty-four-chars › `).
    var prompt: String {
        guard let ref = session.current else { return "defuse › " }
        let tree = Visible.escape(session.library.trees[Int(ref.tree)].id)
        let node = Visible.escape(session.library.node(ref).id)
        let room = max(12, renderer.width - 16)
        let full = "\(tree) › \(node) › "
        if Renderer.width(full) <= room { return full }
        if Renderer.width(node) + 3 <= room { return "\(node) › " }
        return "…" + String(node.unicodeScalars.suffix(room - 4)) + " › "
    }

    // MARK: Executing a line

    /// Runs one input line; prints its reply. Returns the reply (for status and quit).
    @discardableResult
    func execute(_ rawLine: String) -> Reply? {
        let line = rawLine.trimmingASCIIWhitespace()
        if line.isEmpty || line.hasPrefix("#") { return nil }
        let reply = dispatch(String(line))
        saveEvents()
        emit(reply, input: String(line))
        if reply.failed { failures += 1 }
        return reply
    }

    func emit(_ reply: Reply, input: String) {
        if json {
            var object = reply.json
            if case .object(var pairs) = object, reply.failed {
                pairs.append(("input", .string(input)))
                object = .object(pairs)
            }
            console.out.line(object.serialized())
        } else if reply.failed {
            console.out.flush()
            let place = scriptName.map { "\(Visible.escape($0)):\(lineNumber): " } ?? ""
            errorLine(place + style.red("error:") + " " + Visible.escape(reply.text))
        } else if !reply.text.isEmpty {
            // A blank line between replies keeps a transcript readable.
            if printedReply { console.out.write("\n") }
            printedReply = true
            // Nothing runs past the edge of the screen (an export shown with '-' is printed as it is).
            let text = reply.preformatted ? reply.text : renderer.fit(reply.text)
            console.out.write(text)
            if !text.hasSuffix("\n") { console.out.write("\n") }
        }
        console.out.flush()
    }

    func dispatch(_ line: String) -> Reply {
        let (word, rest) = splitFirstWord(line)
        // A number takes that choice (or, before a tree is open, opens that tree).
        if let n = Int(word), rest.isEmpty {
            if session.current == nil { return open(word) }
            return choose(n)
        }
        if let command = SessionCommand.named(word.lowercased()) {
            let reply = command.run(self, rest)
            // A label that starts with a command's word ("They go back to
            // the problem": 'back to the problem') is the choice when the
            // command cannot take the rest of the line.
            if reply.failed, !rest.isEmpty, session.current != nil, case .one(let i) = session.match(line) {
                return choose(i + 1)
            }
            return reply
        }
        // Words of a label.
        guard let here = session.current else {
            return unknown(word, line)
        }
        let node = session.library.node(here)
        switch session.match(line) {
        case .one(let i):
            return choose(i + 1)
        case .ambiguous(let list):
            let shown = session.display(here)
            let labels = list.map { "[\($0 + 1)] \(shown.choices.count > $0 ? shown.choices[$0].label : node.choices[$0].label)" }
            return .error("'\(line)' matches more than one choice: \(labels.joined(separator: "; ")). Type its number.",
                          candidates: labels)
        case .none:
            if node.isEnd {
                if let near = nearest(word, in: SessionCommand.names), near != word {
                    return .error("unknown command '\(word)'; did you mean '\(near)'?")
                }
                return .error("'\(node.id)' is an end node (outcome: \(node.outcome ?? "none")): there are no choices here. Try 'back', 'restart' or 'open'.")
            }
            return unknown(word, line)
        }
    }

    func unknown(_ word: String, _ line: String) -> Reply {
        if let near = nearest(word.lowercased(), in: SessionCommand.names) {
            return .error("unknown command '\(word)'; did you mean '\(near)'?")
        }
        if let here = session.current {
            let count = session.library.node(here).choices.count
            return .error("no choice matches '\(line)': type a number from 1 to \(count), words of a choice, or 'help'")
        }
        return .error("unknown command '\(word)': 'open TREE' or a tree's number starts a walk; 'help' lists commands")
    }

    /// An error or warning on standard error: on a terminal wrapped to its
    /// width, else on one line (for logs and editors).
    func errorLine(_ text: String) {
        console.err.line(console.err.isTerminal ? renderer.wrap(text, indent: "  ", firstIndent: "") : text)
        console.err.flush()
    }

    func splitFirstWord(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), String(line[space...].trimmingASCIIWhitespace()))
    }

    // MARK: Commands

    func show(_ ref: NodeRef, note: String? = nil) -> Reply {
        let r = renderer
        return Reply(text: r.node(session, ref, note: note), json: r.nodeJSON(session, ref))
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
