import DefuseCore

/// Moving through the trees: `open`, `back`, `restart`, `goto`, and a
/// choice taken by its number or words.
extension SessionCommand {
    static let moving: [SessionCommand] = [
        SessionCommand(names: ["open"], usage: "open TREE", summary: "open a tree at its start",
                       details: "Opens a tree by its id (see 'trees'), at its start node. A number works too: 'open 2'.",
                       group: "Moving", run: { $0.open($1) }),
        SessionCommand(names: ["back"], usage: "back [N]", summary: "undo the last N moves (default 1)",
                       details: "Goes back N steps along the path, across trees, back to where the walk began at most. The steps undone are kept, with their notes and words, as a branch tried from the step you are back at: 'path' shows it, and exports and saved paths keep it.",
                       group: "Moving", run: { $0.back($1) }),
        SessionCommand(names: ["restart"], usage: "restart", summary: "go back to the start of this tree",
                       details: "Goes to the start of the current tree. It is a step of its own: 'back' undoes it.",
                       group: "Moving", run: { i, _ in i.restart() }),
        SessionCommand(names: ["goto"], usage: "goto NODE", summary: "jump to a node (or TREE#NODE, or TREE)",
                       details: "Jumps to a node of this tree by id, to TREE#NODE in another tree, or to another tree's start.",
                       group: "Moving", run: { $0.goto($1) }),
    ]
}

extension Interpreter {
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
            let undone = try session.back(n)
            var note = "← back \(plural(undone, "step"))"
            if undone < n { note += " (as far as the walk goes)" }
            let branch = session.steps.last!.undone.last ?? []
            let kept = branch.reduce(0) { $0 + $1.notes.count }
            note += "; kept as a branch tried from here" + (kept > 0 ? ", with \(plural(kept, "note"))" : "") + " ('path' shows it)"
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
}
