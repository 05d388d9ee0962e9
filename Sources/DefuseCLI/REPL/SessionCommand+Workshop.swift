import DefuseCore

/// For a room: `note`, `lang`, `quiz`, `reveal`.
extension SessionCommand {
    static let workshop: [SessionCommand] = [
        SessionCommand(names: ["note"], usage: "note TEXT", summary: "attach a note to this step",
                       details: "Attaches a note to the current step. Notes show in 'path' and in exports.",
                       group: "Workshop", run: { $0.note($1) }),
        SessionCommand(names: ["lang"], usage: "lang [CODE]", summary: "show the trees in another language",
                       details: "Shows the same place in another language (a translation in Trees/CODE/). Without a code, lists the languages.",
                       group: "Workshop", run: { $0.lang($1) }),
        SessionCommand(names: ["quiz"], usage: "quiz on|off", summary: "hide phrases until 'reveal'",
                       details: "Workshop mode: each node's phrases stay hidden, so the room can answer first; 'reveal' shows them.",
                       group: "Workshop", run: { $0.quiz($1) }),
        SessionCommand(names: ["reveal"], usage: "reveal", summary: "show the phrases hidden by quiz or drill mode",
                       details: "Shows the current node's phrases in quiz or drill mode.",
                       group: "Workshop", run: { i, _ in i.reveal() }),
    ]
}

extension Interpreter {
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
}
