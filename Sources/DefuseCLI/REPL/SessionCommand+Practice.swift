import DefuseCore

/// Practice: `drill`, `say`, `rate`. In drill mode it is the trainee's turn
/// at each node with phrases: they say their own words, then see the
/// playbook's beside them, and rate how close they came.
extension SessionCommand {
    static let practice: [SessionCommand] = [
        SessionCommand(names: ["drill"], usage: "drill on|off", summary: "practise: your words first, then the playbook's",
                       details: "Drill mode: at each node with phrases they stay hidden and it is your turn. 'say' your own words: the playbook's phrases then show beside them, and 'rate' says how close you came. Moving on without 'say' is recorded as not drilled. With quiz mode on too, either 'say' or 'reveal' shows the phrases.",
                       group: "Practice", run: { $0.drill($1) }),
        SessionCommand(names: ["say"], usage: "say TEXT|N", summary: "record what you said here (or phrase N)",
                       details: "Records the words you said at this step, and how many seconds after arriving: your own words, or 'say 2' for the playbook's phrase 2. They show in 'path', in exports and in the room's view. In drill mode the playbook's phrases then show beside them.",
                       group: "Practice", run: { $0.say($1) }),
        SessionCommand(names: ["rate"], usage: "rate N", summary: "how close your words came to the playbook, 1 to 5",
                       details: "After 'say': rates how close you judge your words to the playbook's phrases, from 1 (far) to 5 (as the playbook says). Exports list the lowest-rated steps.",
                       group: "Practice", run: { $0.rate($1) }),
    ]
}

extension Interpreter {
    func drill(_ arg: String) -> Reply {
        switch arg.lowercased() {
        case "on": session.setDrill(true)
        case "off": session.setDrill(false)
        case "": session.setDrill(!session.drill)
        default: return .error("drill takes 'on' or 'off'")
        }
        let state = session.drill ? "on: at each node it is your turn; 'say' your words, then compare" : "off: phrases are shown"
        if let ref = session.current { return show(ref, note: "Drill mode \(state).") }
        return .info("Drill mode \(state).\n", type: "drill", [("drill", .bool(session.drill))])
    }

    func say(_ arg: String) -> Reply {
        do {
            let said = try session.say(arg)
            let ref = session.current!
            let json = JSON.object([("type", .string("say")), ("ref", .string(session.library.address(of: ref))),
                                    ("said", said.json)])
            if session.drill { return Reply(text: renderer.node(session, ref), json: json) }
            return Reply(text: renderer.said(session, said), json: json)
        } catch {
            return .error(error)
        }
    }

    func rate(_ arg: String) -> Reply {
        guard let n = Int(arg) else { return .error("rate takes a number: rate 1 (far from the playbook) to rate 5 (as the playbook says)") }
        do {
            try session.rate(n)
            let name = session.library.address(of: session.current!)
            return .info(renderer.style.dim("Rated \(n) of 5 at \(Visible.escape(name)).") + "\n", type: "rate",
                         [("ref", .string(name)), ("rating", .int(n))])
        } catch {
            return .error(error)
        }
    }
}
