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
        let r = renderer
        let s = r.style
        if !arg.isEmpty {
            guard let c = SessionCommand.named(arg.lowercased()) else {
                if arg == "choose" || Int(arg) != nil {
                    return .info(r.wrap("A number takes that choice; so do words of its label (case and accents ignored, a unique prefix or a few words are enough). A line that starts with a command's name runs that command, unless the command cannot take the rest and the line is a choice's label ('back to the problem').",
                                        indent: "", firstIndent: "") + "\n", type: "help")
                }
                var message = "no command '\(arg)'"
                if let near = nearest(arg, in: SessionCommand.names) { message += "; did you mean '\(near)'?" }
                return .error(message)
            }
            var text = r.wrap(s.bold(c.usage), indent: "  ", firstIndent: "") + "\n" + r.wrap(c.details, indent: "  ") + "\n"
            if c.names.count > 1 { text += s.dim(r.wrap("Also: \(c.names.dropFirst().joined(separator: ", "))", indent: "  ")) + "\n" }
            return .info(text, type: "help", [("command", .string(c.names[0])), ("usage", .string(c.usage)), ("text", .string(c.details))])
        }
        let width = min(30, (SessionCommand.all.map { $0.usage.count }.max() ?? 16) + 2)
        // A command and what it does on one line, the words wrapped under
        // their column; on a narrow screen, what it does on the lines under it.
        let narrow = r.width - 2 - width < 24
        func row(_ usage: String, _ summary: String) -> String {
            if narrow { return r.wrap(usage, indent: "    ", firstIndent: "  ") + "\n" + r.wrap(summary, indent: "      ") + "\n" }
            return r.wrap(summary, indent: String(repeating: " ", count: 2 + width), firstIndent: "  " + usage.padded(width)) + "\n"
        }
        var text = s.bold("Choosing") + "\n"
        for (usage, summary) in SessionCommand.choosing { text += row(usage, summary) }
        var group = ""
        for c in SessionCommand.all {
            if c.group != group {
                group = c.group
                text += s.bold(group) + "\n"
            }
            var usage = c.usage
            if c.names.count > 1 && c.names[0] == "quit" { usage = "quit, exit" }
            text += row(usage, c.summary)
        }
        text += s.dim(r.wrap("Tab completes commands, trees, nodes and choices; Up recalls earlier lines; 'help COMMAND' says more.",
                             indent: "", firstIndent: "")) + "\n"
        return .info(text, type: "help", [("commands", .array(SessionCommand.all.map { .string($0.usage) }))])
    }

    func quit() -> Reply {
        var r = Reply.info("", type: "quit")
        r.quit = true
        return r
    }
}
