import DefuseCore

/// One session command: its name, how to use it, and what it does.
struct SessionCommand: Sendable {
    var names: [String]
    var usage: String
    var summary: String
    var details: String
    var group: String
    var run: @Sendable (Interpreter, String) -> Reply
}

extension SessionCommand {
    /// Every session command, in the order `help` lists them.
    static let all: [SessionCommand] = [
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
        SessionCommand(names: ["export"], usage: "export \(ExportFormat.choices) [FILE|-]", summary: "save the path as coaching notes, JSON or text",
                       details: "Writes the path: \(ExportFormat.described). Without FILE, a fresh name such as angry-2026-11-23-1430.md in this folder; '-' prints it. An existing file is kept unless --force is given.",
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

    static let names: [String] = all.flatMap(\.names)

    static func named(_ name: String) -> SessionCommand? {
        all.first { $0.names.contains(name) }
    }
}
