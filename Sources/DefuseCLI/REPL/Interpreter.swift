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
    private var printedReply = false
    /// Autosave of an interactive session (see Autosave.swift).
    var journal: Journal?
    /// The line-editing history of an interactive session.
    var history: History?

    init(session: Session, style: Style, json: Bool, console: Console) {
        self.session = session
        self.style = style
        self.json = json
        self.console = console
    }

    var renderer: Renderer { Renderer(style: style, width: widthOverride ?? console.out.columns) }

    /// `angry › listen › `, or `defuse › ` before a tree is open.
    var prompt: String {
        guard let ref = session.current else { return "defuse › " }
        let tree = session.library.trees[Int(ref.tree)].id
        let node = session.library.node(ref).id
        return Visible.escape("\(tree) › \(node) › ")
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
            console.err.line(place + style.red("error:") + " " + Visible.escape(reply.text))
            console.err.flush()
        } else if !reply.text.isEmpty {
            // A blank line between replies keeps a transcript readable.
            if printedReply { console.out.write("\n") }
            printedReply = true
            console.out.write(reply.text)
            if !reply.text.hasSuffix("\n") { console.out.write("\n") }
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
            return command.run(self, rest)
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

    func splitFirstWord(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), String(line[space...].trimmingASCIIWhitespace()))
    }

    // MARK: Commands

    func show(_ ref: NodeRef, note: String? = nil) -> Reply {
        let r = renderer
        return Reply(text: r.node(session, ref, note: note), json: r.nodeJSON(session, ref))
    }

    func choose(_ n: Int) -> Reply {
        do {
            let before = session.current
            let ref = try session.choose(n)
            var note: String?
            if let before, before.tree != ref.tree {
                note = "→ into '\(session.library.trees[Int(ref.tree)].id)'"
            }
            return show(ref, note: note)
        } catch {
            return .error(error)
        }
    }

    func open(_ arg: String) -> Reply {
        guard !arg.isEmpty else {
            return .error("open needs a tree: open TREE (one of: \(session.library.trees.map(\.id).joined(separator: ", ")))",
                          candidates: session.library.trees.map(\.id))
        }
        var id = arg
        if let n = Int(arg) {
            guard n >= 1 && n <= session.library.trees.count else {
                return .error("no tree \(n): choose 1 to \(session.library.trees.count) (see 'trees')")
            }
            id = session.library.trees[n - 1].id
        }
        do {
            return show(try session.open(id))
        } catch {
            return .error(error)
        }
    }

    func back(_ arg: String) -> Reply {
        var n = 1
        if !arg.isEmpty {
            guard let v = Int(arg), v >= 1 else { return .error("back takes a positive number: back [N]") }
            n = v
        }
        do {
            let (undone, dropped) = try session.back(n)
            var note = "← back \(plural(undone, "step"))"
            if undone < n { note += " (as far as the walk goes)" }
            if !dropped.isEmpty { note += "; \(plural(dropped.count, "note")) went with the undone steps" }
            return show(session.current!, note: note)
        } catch {
            return .error(error)
        }
    }

    func restart() -> Reply {
        do {
            return show(try session.restart(), note: "↺ restart")
        } catch {
            return .error(error)
        }
    }

    func goto(_ arg: String) -> Reply {
        guard !arg.isEmpty else { return .error("goto needs a node: goto NODE, goto TREE#NODE or goto TREE") }
        do {
            return show(try session.goto(arg))
        } catch {
            return .error(error)
        }
    }

    func look() -> Reply {
        guard let ref = session.current else { return trees() }
        return show(ref)
    }

    func peek(_ arg: String) -> Reply {
        guard let n = Int(arg) else { return .error("peek needs a choice number: peek N") }
        do {
            let (choice, target) = try session.peek(n)
            let lib = session.library
            let node = session.display(target)
            let source = lib.node(target)
            return Reply(text: renderer.peek(session, number: n, choice: choice, target: target), json: .object([
                ("type", .string("peek")), ("number", .int(n)), ("label", .string(choice.label)),
                ("target", .string(lib.address(of: target))), ("title", .string(node.title)),
                ("end", .bool(source.isEnd)), ("outcome", .optional(source.outcome)),
            ]))
        } catch {
            return .error(error)
        }
    }

    func path() -> Reply {
        let r = renderer
        return Reply(text: r.path(session), json: r.pathJSON(session))
    }

    func trees() -> Reply {
        let r = renderer
        let lib = session.library
        let list = JSON.array(lib.trees.enumerated().map { i, t in
            .object([("number", .int(i + 1)), ("id", .string(t.id)), ("title", .string(session.displayTree(i).title)),
                     ("nodes", .int(t.nodes.count)), ("lang", .string(t.lang)),
                     ("translations", .array((lib.translations[t.id]?.keys.sorted() ?? []).map { .string($0) })),
                     ("summary", .optional(session.displayTree(i).summary))])
        })
        return Reply(text: r.trees(session), json: .object([("type", .string("trees")), ("trees", list)]))
    }

    func search(_ arg: String) -> Reply {
        guard !TextFold.words(arg).isEmpty else { return .error("search needs words: search WORDS") }
        let hits = session.search(arg)
        let lib = session.library
        let items: [JSON] = hits.map { hit in
            .object([("ref", .string(lib.address(of: hit.node))), ("title", .string(session.display(hit.node).title)),
                     ("field", .string(hit.field)), ("text", .string(hit.text))])
        }
        return Reply(text: renderer.search(session, query: arg, hits: hits),
                     json: .object([("type", .string("search")), ("query", .string(arg)), ("hits", .array(items))]))
    }

    func note(_ arg: String) -> Reply {
        do {
            try session.addNote(arg)
            let name = session.library.address(of: session.current!)
            return .info(renderer.style.dim("✎ Noted on \(Visible.escape(name)).") + "\n", type: "note",
                         [("ref", .string(name)), ("text", .string(arg))])
        } catch {
            return .error(error)
        }
    }

    func lang(_ arg: String) -> Reply {
        let all = session.library.languages
        if arg.isEmpty {
            let currentLang = session.lang ?? session.currentTree?.lang ?? "en"
            return .info("Language: \(currentLang). Available: \(all.joined(separator: ", ")).\n", type: "lang",
                         [("lang", .string(currentLang)), ("available", .array(all.map { .string($0) }))])
        }
        do {
            try session.setLang(arg)
            if let ref = session.current { return show(ref, note: "Language: \(arg)") }
            return .info("Language: \(arg).\n", type: "lang", [("lang", .string(arg))])
        } catch {
            return .error(error)
        }
    }

    func quiz(_ arg: String) -> Reply {
        switch arg.lowercased() {
        case "on": session.setQuiz(true)
        case "off": session.setQuiz(false)
        case "": session.setQuiz(!session.quiz)
        default: return .error("quiz takes 'on' or 'off'")
        }
        let state = session.quiz ? "on: phrases stay hidden until 'reveal'" : "off: phrases are shown"
        if let ref = session.current { return show(ref, note: "Quiz mode \(state).") }
        return .info("Quiz mode \(state).\n", type: "quiz", [("quiz", .bool(session.quiz))])
    }

    func reveal() -> Reply {
        do {
            try session.reveal()
            return show(session.current!)
        } catch {
            return .error(error)
        }
    }

    func help(_ arg: String) -> Reply {
        let s = renderer.style
        if !arg.isEmpty {
            guard let c = SessionCommand.named(arg.lowercased()) else {
                if arg == "choose" || Int(arg) != nil {
                    return .info("A number takes that choice; so do words of its label (case and accents ignored, a unique prefix or a few words are enough).\n", type: "help")
                }
                var message = "no command '\(arg)'"
                if let near = nearest(arg, in: SessionCommand.names) { message += "; did you mean '\(near)'?" }
                return .error(message)
            }
            var text = s.bold(c.usage) + "\n  " + c.details + "\n"
            if c.names.count > 1 { text += s.dim("  Also: \(c.names.dropFirst().joined(separator: ", "))") + "\n" }
            return .info(text, type: "help", [("command", .string(c.names[0])), ("usage", .string(c.usage)), ("text", .string(c.details))])
        }
        let width = min(30, (SessionCommand.all.map { $0.usage.count }.max() ?? 16) + 2)
        var text = s.bold("Choosing") + "\n"
        text += "  " + "1, 2, …".padded(width) + "take that choice\n"
        text += "  " + "WORDS".padded(width) + "take the choice whose label these words match\n"
        var group = ""
        for c in SessionCommand.all {
            if c.group != group {
                group = c.group
                text += s.bold(group) + "\n"
            }
            var usage = c.usage
            if c.names.count > 1 && c.names[0] == "quit" { usage = "quit, exit" }
            text += "  " + usage.padded(width) + c.summary + "\n"
        }
        text += s.dim("Tab completes commands, trees, nodes and choices; Up recalls earlier lines; 'help COMMAND' says more.") + "\n"
        return .info(text, type: "help", [("commands", .array(SessionCommand.all.map { .string($0.usage) }))])
    }

    func quit() -> Reply {
        var r = Reply.info("", type: "quit")
        r.quit = true
        return r
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
