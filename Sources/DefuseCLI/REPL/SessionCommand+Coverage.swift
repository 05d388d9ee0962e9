import DefuseCore

/// What this session has covered: `coverage`, `unvisited`.
extension SessionCommand {
    static let covering: [SessionCommand] = [
        SessionCommand(names: ["coverage"], usage: "coverage", summary: "how much of this tree the session has seen",
                       details: "Counts the nodes, choices and outcomes of the open tree visited in this session, e.g. '2/4 (50%)'.",
                       group: "Looking", run: { i, _ in i.coverage() }),
        SessionCommand(names: ["unvisited"], usage: "unvisited [N]", summary: "the nearest branches nobody took yet",
                       details: "Lists the N (default 10) nearest choices, from here along choices, that this session has not taken, with TREE#NODE and the distance in steps.",
                       group: "Looking", run: { $0.unvisited($1) }),
    ]
}

extension Interpreter {
    var coverageData: CoverageData {
        CoverageData(visitedNodes: session.visitedNodes, takenChoices: session.takenChoices)
    }

    /// A choice's label as shown in the session's language.
    func label(_ c: ChoiceRef) -> String {
        let source = session.library.node(c.node)
        let shown = session.display(c.node)
        let i = Int(c.index)
        return shown.choices.count == source.choices.count ? shown.choices[i].label : source.choices[i].label
    }

    static func coverageJSON(_ cov: TreeCoverage, _ library: Library) -> [(String, JSON)] {
        [
            ("tree", .string(library.trees[cov.tree].id)),
            ("nodes", .object([("visited", .int(cov.nodesVisited)), ("total", .int(cov.nodes))])),
            ("choices", .object([("taken", .int(cov.choicesTaken)), ("total", .int(cov.choices))])),
            ("outcomes", .object([("reached", .array(cov.outcomesReached.map { .string($0) })),
                                  ("all", .array(cov.outcomes.map { .string($0) }))])),
        ]
    }

    /// `coverage`: nodes, choices and outcomes of the open tree visited so far.
    func coverage() -> Reply {
        guard let here = session.current else {
            return .error("no tree is open: 'open TREE' first; coverage counts what this session visited in the open tree")
        }
        let lib = session.library
        let cov = coverageData.coverage(of: Int(here.tree), in: lib)
        let s = renderer.style
        var text = s.bold("Coverage of \(Visible.escape(lib.trees[cov.tree].id)) in this session") + "\n"
        text += "  nodes     \(TreeCoverage.ratio(cov.nodesVisited, cov.nodes))\n"
        text += "  choices   \(TreeCoverage.ratio(cov.choicesTaken, cov.choices))\n"
        text += "  outcomes  \(TreeCoverage.ratio(cov.outcomesReached.count, cov.outcomes.count))"
        let missing = cov.outcomes.filter { !cov.outcomesReached.contains($0) }
        if !cov.outcomesReached.isEmpty { text += ": " + cov.outcomesReached.map { renderer.outcomeColor(Visible.escape($0)) }.joined(separator: ", ") }
        if !missing.isEmpty { text += s.dim("; not yet: ") + missing.map { Visible.escape($0) }.joined(separator: ", ") }
        text += "\n" + s.dim("'unvisited' lists the nearest branches nobody took yet.") + "\n"
        return Reply(text: renderer.fit(text), json: .object([("type", .string("coverage"))] + Interpreter.coverageJSON(cov, lib)))
    }

    /// `unvisited`: the nearest choices, from here, that this session has not taken.
    func unvisited(_ arg: String) -> Reply {
        guard let here = session.current else { return .error("no tree is open: 'open TREE' first") }
        var limit = 10
        if !arg.isEmpty {
            guard let n = Int(arg), n >= 1 else { return .error("unvisited takes a positive number: unvisited [N]") }
            limit = n
        }
        let lib = session.library
        let found = coverageData.nearestUntried(from: here, in: lib, limit: limit)
        let r = renderer
        let s = r.style
        if found.isEmpty {
            return Reply(text: r.fit(s.dim("Every choice reachable from here has been taken in this session.")) + "\n",
                         json: .object([("type", .string("unvisited")), ("from", .string(lib.address(of: here))), ("branches", .array([]))]))
        }
        var text = s.bold("Nearest branches nobody took yet") + "\n"
        var items: [JSON] = []
        for (c, d) in found {
            let choice = lib.node(c.node).choices[Int(c.index)]
            let target = choice.resolved.map { lib.address(of: $0) } ?? choice.target.description
            let place = d == 0 ? "here" : "\(plural(d, "step")) away"
            let at = lib.address(of: c.node, from: here.tree)
            text += "  " + s.dim(place.padded(13)) + s.cyan(Visible.escape(at)) + " [\(c.index + 1)] "
                + Visible.escape(label(c)) + s.dim(" → ") + Visible.escape(lib.address(of: choice.resolved ?? c.node, from: here.tree)) + "\n"
            items.append(.object([
                ("node", .string(lib.address(of: c.node))), ("choice", .int(Int(c.index) + 1)),
                ("label", .string(label(c))), ("target", .string(target)), ("distance", .int(d)),
            ]))
        }
        return Reply(text: r.fit(text), json: .object([("type", .string("unvisited")), ("from", .string(lib.address(of: here))),
                                                 ("branches", .array(items))]))
    }
}
