import DefuseCore

/// What a session command produced: text for people, JSON for programs.
struct Reply {
    var text: String
    var json: JSON
    var failed = false
    var quit = false

    static func error(_ message: String, candidates: [String] = []) -> Reply {
        var pairs: [(String, JSON)] = [("error", .string(message))]
        if !candidates.isEmpty { pairs.append(("candidates", .array(candidates.map { .string($0) }))) }
        return Reply(text: message, json: .object(pairs), failed: true)
    }

    static func error(_ e: SessionError) -> Reply { error(e.message, candidates: e.candidates) }

    static func info(_ text: String, type: String, _ extra: [(String, JSON)] = []) -> Reply {
        Reply(text: text, json: .object([("type", .string(type))] + extra))
    }
}

/// One session command: its name, how to use it, and what it does.
struct SessionCommand: Sendable {
    var names: [String]
    var usage: String
    var summary: String
    var details: String
    var group: String
    var run: @Sendable (Interpreter, String) -> Reply
}

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
    /// Autosave of an interactive session (see JournalSupport.swift).
    var journal: Journal?

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

    static let commands: [SessionCommand] = [
        SessionCommand(names: ["open"], usage: "open TREE", summary: "open a tree at its start",
                       details: "Opens a tree by its id (see 'trees'), at its start node. A number works too: 'open 2'.",
                       group: "Moving", run: { $0.open($1) }),
        SessionCommand(names: ["back"], usage: "back [N]", summary: "undo the last N moves (default 1)",
                       details: "Goes back N steps along the path, across trees. Undo is unlimited, back to where the walk began.",
                       group: "Moving", run: { $0.back($1) }),
        SessionCommand(names: ["restart"], usage: "restart", summary: "go back to the start of this tree",
                       details: "Goes to the start of the current tree. It is a step of its own: 'back' undoes it.",
                       group: "Moving", run: { i, _ in i.restart() }),
        SessionCommand(names: ["goto"], usage: "goto NODE", summary: "jump to a node (or TREE#NODE, or TREE)",
                       details: "Jumps to a node of this tree by id, to TREE#NODE in another tree, or to another tree's start.",
                       group: "Moving", run: { $0.goto($1) }),
        SessionCommand(names: ["look", "l"], usage: "look", summary: "show where you are again",
                       details: "Shows the current node again: title, guidance, phrases and choices.",
                       group: "Looking", run: { i, _ in i.look() }),
        SessionCommand(names: ["peek"], usage: "peek N", summary: "show where choice N leads, without taking it",
                       details: "Shows the node that choice N leads to, without moving.",
                       group: "Looking", run: { $0.peek($1) }),
        SessionCommand(names: ["path"], usage: "path", summary: "the path so far, with the choices taken and notes",
                       details: "Lists every step of the walk as tree#node, with the choice that led to it and the notes taken there.",
                       group: "Looking", run: { i, _ in i.path() }),
        SessionCommand(names: ["trees"], usage: "trees", summary: "list the loaded trees",
                       details: "Lists every loaded tree with its id, title, size and languages.",
                       group: "Looking", run: { i, _ in i.trees() }),
        SessionCommand(names: ["search"], usage: "search WORDS", summary: "find nodes by their text, in every tree",
                       details: "Finds nodes whose title, guidance, phrases or choice labels contain every word (case and accents ignored). Results are tree#node references for 'goto'.",
                       group: "Looking", run: { $0.search($1) }),
        SessionCommand(names: ["coverage"], usage: "coverage", summary: "how much of this tree the session has seen",
                       details: "Counts the nodes, choices and outcomes of the open tree visited in this session, e.g. '2/4 (50%)'.",
                       group: "Looking", run: { i, _ in i.coverage() }),
        SessionCommand(names: ["unvisited"], usage: "unvisited [N]", summary: "the nearest branches nobody took yet",
                       details: "Lists the N (default 10) nearest choices, from here along choices, that this session has not taken, with TREE#NODE and the distance in steps.",
                       group: "Looking", run: { $0.unvisited($1) }),
        SessionCommand(names: ["note"], usage: "note TEXT", summary: "attach a note to this step",
                       details: "Attaches a note to the current step. Notes show in 'path' and in exports.",
                       group: "Workshop", run: { $0.note($1) }),
        SessionCommand(names: ["lang"], usage: "lang [CODE]", summary: "show the trees in another language",
                       details: "Shows the same place in another language (a translation in Trees/CODE/). Without a code, lists the languages.",
                       group: "Workshop", run: { $0.lang($1) }),
        SessionCommand(names: ["quiz"], usage: "quiz on|off", summary: "hide phrases until 'reveal'",
                       details: "Workshop mode: each node's phrases stay hidden, so the room can answer first; 'reveal' shows them.",
                       group: "Workshop", run: { $0.quiz($1) }),
        SessionCommand(names: ["reveal"], usage: "reveal", summary: "show the phrases hidden by quiz mode",
                       details: "Shows the current node's phrases in quiz mode.",
                       group: "Workshop", run: { i, _ in i.reveal() }),
        SessionCommand(names: ["export"], usage: "export md|json|txt [FILE|-]", summary: "save the path as coaching notes, JSON or text",
                       details: "Writes the path: md (coaching notes with a diagram), json (defuse.path/1, for 'load' and 'defuse replay') or txt (plain, for an email). Without FILE, a fresh name such as angry-2026-11-23-1430.md in this folder; '-' prints it. An existing file is kept unless --force is given.",
                       group: "Saving", run: { $0.export($1) }),
        SessionCommand(names: ["load"], usage: "load FILE.json", summary: "continue from the end of a saved path",
                       details: "Reads a path saved with 'export json' and continues from its last step. Differences from the trees as they are now are counted; 'defuse replay FILE.json' lists them.",
                       group: "Saving", run: { $0.load($1) }),
        SessionCommand(names: ["help", "?"], usage: "help [COMMAND]", summary: "this list, or more on one command",
                       details: "Without a command, lists every command. With one, explains it.",
                       group: "Leaving", run: { $0.help($1) }),
        SessionCommand(names: ["quit", "exit", "q"], usage: "quit", summary: "leave (Ctrl-D does too)",
                       details: "Leaves defuse. History is saved.",
                       group: "Leaving", run: { i, _ in i.quit() }),
    ]

    static let commandNames: [String] = commands.flatMap(\.names)

    static func command(named name: String) -> SessionCommand? {
        commands.first { $0.names.contains(name) }
    }

    // MARK: Executing a line

    /// Runs one input line; prints its reply. Returns the reply (for status and quit).
    @discardableResult
    func execute(_ rawLine: String) -> Reply? {
        let line = rawLine.trimmingASCIIWhitespace()
        if line.isEmpty || line.hasPrefix("#") { return nil }
        let reply = dispatch(String(line))
        if journal != nil && !reply.failed { syncJournal() }
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
        if let command = Interpreter.command(named: word.lowercased()) {
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
                if let near = nearest(word, in: Interpreter.commandNames), near != word {
                    return .error("unknown command '\(word)'; did you mean '\(near)'?")
                }
                return .error("'\(node.id)' is an end node (outcome: \(node.outcome ?? "none")): there are no choices here. Try 'back', 'restart' or 'open'.")
            }
            return unknown(word, line)
        }
    }

    func unknown(_ word: String, _ line: String) -> Reply {
        if let near = nearest(word.lowercased(), in: Interpreter.commandNames) {
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
            let ref = "\(lib.trees[Int(target.tree)].id)#\(lib.node(target).id)"
            let r = renderer
            var text = r.style.dim("[\(n)] ") + Visible.escape(choice.label) + r.style.dim(" leads to ")
                + r.style.cyan(Visible.escape(ref)) + ": " + r.style.bold(Visible.escape(node.title)) + "\n"
            if let first = node.guidance.first { text += r.wrap(Visible.escape(first), indent: "  ") + "\n" }
            if lib.node(target).isEnd { text += "  Outcome: " + r.outcomeColor(Visible.escape(lib.node(target).outcome ?? "end")) + "\n" }
            return Reply(text: text, json: .object([
                ("type", .string("peek")), ("number", .int(n)), ("label", .string(choice.label)),
                ("target", .string(ref)), ("title", .string(node.title)),
                ("end", .bool(lib.node(target).isEnd)), ("outcome", .optional(lib.node(target).outcome)),
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
        let r = renderer
        if hits.isEmpty {
            return Reply(text: r.style.dim("No node mentions '\(Visible.escape(arg))'.") + "\n",
                         json: .object([("type", .string("search")), ("query", .string(arg)), ("hits", .array([]))]))
        }
        var text = ""
        var items: [JSON] = []
        for hit in hits {
            let ref = "\(lib.trees[Int(hit.node.tree)].id)#\(lib.node(hit.node).id)"
            let node = session.display(hit.node)
            text += "  " + r.style.cyan(Visible.escape(ref)) + "  " + r.style.bold(Visible.escape(node.title))
            if hit.field != "title" {
                var snippet = hit.text
                if snippet.count > 70 { snippet = String(snippet.prefix(69)) + "…" }
                text += r.style.dim("  \(hit.field): ") + Visible.escape(snippet)
            }
            text += "\n"
            items.append(.object([("ref", .string(ref)), ("title", .string(node.title)),
                                  ("field", .string(hit.field)), ("text", .string(hit.text))]))
        }
        text += r.style.dim("\(hits.count == 1 ? "1 match" : "\(hits.count) matches"): 'goto TREE#NODE' to go there.") + "\n"
        return Reply(text: text, json: .object([("type", .string("search")), ("query", .string(arg)), ("hits", .array(items))]))
    }

    func note(_ arg: String) -> Reply {
        do {
            try session.addNote(arg)
            let ref = session.current!
            let name = "\(session.library.trees[Int(ref.tree)].id)#\(session.library.node(ref).id)"
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
            guard let c = Interpreter.command(named: arg.lowercased()) else {
                if arg == "choose" || Int(arg) != nil {
                    return .info("A number takes that choice; so do words of its label (case and accents ignored, a unique prefix or a few words are enough).\n", type: "help")
                }
                var message = "no command '\(arg)'"
                if let near = nearest(arg, in: Interpreter.commandNames) { message += "; did you mean '\(near)'?" }
                return .error(message)
            }
            var text = s.bold(c.usage) + "\n  " + c.details + "\n"
            if c.names.count > 1 { text += s.dim("  Also: \(c.names.dropFirst().joined(separator: ", "))") + "\n" }
            return .info(text, type: "help", [("command", .string(c.names[0])), ("usage", .string(c.usage)), ("text", .string(c.details))])
        }
        let width = min(30, (Interpreter.commands.map { $0.usage.count }.max() ?? 16) + 2)
        var text = s.bold("Choosing") + "\n"
        text += "  " + "1, 2, …".padded(width) + "take that choice\n"
        text += "  " + "WORDS".padded(width) + "take the choice whose label these words match\n"
        var group = ""
        for c in Interpreter.commands {
            if c.group != group {
                group = c.group
                text += s.bold(group) + "\n"
            }
            var usage = c.usage
            if c.names.count > 1 && c.names[0] == "quit" { usage = "quit, exit" }
            text += "  " + usage.padded(width) + c.summary + "\n"
        }
        text += s.dim("Tab completes commands, trees, nodes and choices; Up recalls earlier lines; 'help COMMAND' says more.") + "\n"
        return .info(text, type: "help", [("commands", .array(Interpreter.commands.map { .string($0.usage) }))])
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
