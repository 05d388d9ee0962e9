import DefuseCore

/// `help` and `quit`.
extension SessionCommand {
    static let leaving: [SessionCommand] = [
        SessionCommand(names: ["help", "?"], usage: "help [COMMAND]", summary: "this list, or more on one command",
                       details: "Without a command, lists every command. With one, explains it.",
                       group: "Leaving", run: { $0.help($1) }),
        SessionCommand(names: ["quit", "exit", "q"], usage: "quit", summary: "leave (Ctrl-D does too)",
                       details: "Leaves defuse. History is saved.",
                       group: "Leaving", run: { i, _ in i.quit() }),
    ]
}

extension Interpreter {
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
        for (usage, summary) in SessionCommand.choosing { text += "  " + usage.padded(width) + summary + "\n" }
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
