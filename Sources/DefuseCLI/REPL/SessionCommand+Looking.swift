import DefuseCore

/// Looking around without moving: `look`, `peek`, `path`, `trees`, `search`.
extension SessionCommand {
    static let looking: [SessionCommand] = [
        SessionCommand(names: ["look", "l"], usage: "look", summary: "show where you are again",
                       details: "Shows the current node again: title, guidance, phrases and choices.",
                       group: "Looking", run: { i, _ in i.look() }),
        SessionCommand(names: ["peek"], usage: "peek N", summary: "show where choice N leads, without taking it",
                       details: "Shows the node that choice N leads to, without moving.",
                       group: "Looking", run: { $0.peek($1) }),
        SessionCommand(names: ["path"], usage: "path [--short]", summary: "the path so far: choices, notes, words said, branches tried",
                       details: "Lists every step of the walk as tree#node, with the choice that led to it, the notes taken and the words said there, the customer's intensity as a curve, and each branch tried and undone, indented under the step it was tried from. --short leaves the branches out.",
                       group: "Looking", run: { $0.path($1) }),
        SessionCommand(names: ["trees"], usage: "trees", summary: "list the loaded trees",
                       details: "Lists every loaded tree with its id, title, size and languages.",
                       group: "Looking", run: { i, _ in i.trees() }),
        SessionCommand(names: ["search"], usage: "search WORDS", summary: "find nodes by their text, in every tree",
                       details: "Finds nodes whose title, guidance, phrases or choice labels contain every word (case and accents ignored). Results are tree#node references for 'goto'.",
                       group: "Looking", run: { $0.search($1) }),
    ]
}

extension Interpreter {
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

    func path(_ arg: String) -> Reply {
        guard arg.isEmpty || arg == "--short" else { return .error("path takes no argument but --short: path [--short]") }
        let r = renderer
        return Reply(text: r.path(session, short: arg == "--short"), json: r.pathJSON(session))
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
}
