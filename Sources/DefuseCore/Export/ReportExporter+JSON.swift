/// The report as one JSON document, `defuse.report/1`: the same figures as
/// the Markdown, unabridged (every session, every untried choice, the heat
/// of every node and choice). Examples/REPORT-SCHEMA.md documents it.
extension ReportExporter {
    public func json() -> JSON {
        let r = report
        return .object([
            ("schema", .string(Self.schema)),
            ("defuse", .string(version)),
            ("sessions", .array(r.sessions.map(sessionJSON))),
            ("steps", .int(r.steps)),
            ("triedSteps", .int(r.triedSteps)),
            ("outcomes", .array(r.outcomes.map { outcomeJSON($0, of: r.sessions.count) })),
            ("coverage", coverageJSON(r.total)),
            ("intensity", .array(r.intensity.map { p in
                .object([("step", .int(p.step)), ("sessions", .int(p.sessions)), ("median", .double(p.median)),
                         ("min", .int(p.min)), ("max", .int(p.max))])
            })),
            ("drill", .object([
                ("turns", .int(r.turns)),
                ("drilled", .int(r.drilledTurns)),
                ("answers", .int(r.answers)),
                ("averageRating", number(r.averageRating)),
                ("slowest", .array(r.slowest().map { .string($0.ref) })),
                ("lowestRated", .array(r.lowestRated().map { .string($0.ref) })),
                ("nodes", .array(r.drill.map(drillJSON))),
            ])),
            ("trees", .array(r.trees.map(treeJSON))),
            ("notWalked", .array(r.notWalked.map { .string(library.trees[$0].id) })),
            ("notes", .array(r.notes.map { n in
                .object([("node", .string(n.ref)), ("title", .string(n.title)), ("known", .bool(n.node != nil)),
                         ("notes", .array(n.notes.map { e in
                             var pairs: [(String, JSON)] = [("session", .int(e.session)), ("place", .string(e.place)),
                                                            ("text", .string(e.note.text)), ("time", .string(e.note.time.iso8601))]
                             if e.note.time.utcOffset != 0 { pairs.append(("offset", .int(Int(e.note.time.utcOffset)))) }
                             return .object(pairs)
                         }))])
            })),
            ("olderVersions", .array(r.olderSessions.map { .int($0) })),
        ])
    }

    /// A rounded double, or null.
    func number(_ d: Double?) -> JSON {
        d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
    }

    func sessionJSON(_ s: WorkshopReport.SessionEntry) -> JSON {
        .object([
            ("file", .string(s.name)),
            ("created", .string(s.created.iso8601)),
            ("lang", .string(s.lang)),
            ("steps", .int(s.steps)),
            ("triedSteps", .int(s.triedSteps)),
            ("outcome", .optional(s.outcome)),
            ("trees", .array(s.trees.map { .string($0) })),
            ("end", .string(s.end)),
            ("changedTrees", .array(s.changedTrees.map { .string($0) })),
            ("drifts", .array(s.drifts.map { d in
                .object([("path", .optional(d.path)), ("step", d.step.map { .int($0) } ?? .null), ("ref", .string(d.ref)),
                         ("kind", .string(d.kind.rawValue)), ("message", .string(d.message))])
            })),
            ("warnings", .array(s.warnings.map { .string($0) })),
        ])
    }

    func outcomeJSON(_ o: WorkshopReport.OutcomeCount, of whole: Int) -> JSON {
        .object([("outcome", .optional(o.outcome)), ("sessions", .int(o.sessions)), ("share", .double(Self.share(o.sessions, whole)))])
    }

    func coverageJSON(_ c: TreeCoverage) -> JSON {
        .object([
            ("nodes", .object([("visited", .int(c.nodesVisited)), ("total", .int(c.nodes))])),
            ("choices", .object([("taken", .int(c.choicesTaken)), ("total", .int(c.choices))])),
            ("untried", .int(c.untried)),
            ("untriedAtVisited", .int(c.untriedAtVisited.count)),
        ])
    }

    func choiceJSON(_ c: ChoiceRef) -> [(String, JSON)] {
        let ch = choice(c)
        return [("node", .string(ch.node)), ("choice", .int(ch.number)), ("label", .string(ch.label)), ("target", .string(ch.target))]
    }

    func drillJSON(_ d: WorkshopReport.NodeDrill) -> JSON {
        .object([
            ("node", .string(d.ref)),
            ("title", .string(d.title)),
            ("known", .bool(d.node != nil)),
            ("turns", .int(d.turns)),
            ("notDrilled", .int(d.notDrilled)),
            ("averageRating", number(d.averageRating)),
            ("medianSeconds", number(d.medianSeconds)),
            ("answers", .array(d.answers.map { a in
                .object([("session", .int(a.session)), ("place", .string(a.place)), ("text", .string(a.said.text)),
                         ("phrase", a.said.phrase.map { .int($0) } ?? .null), ("seconds", a.said.seconds.map { .int($0) } ?? .null),
                         ("rating", a.rating.map { .int($0) } ?? .null)])
            })),
        ])
    }

    func stayJSON(_ s: WorkshopReport.Stay) -> JSON {
        .object([("node", .string(library.address(of: s.node))), ("stopped", .int(s.stopped)), ("wentBack", .int(s.wentBack)),
                 ("medianSeconds", number(s.medianSeconds))])
    }

    func treeJSON(_ part: WorkshopReport.TreePart) -> JSON {
        let tree = library.trees[part.tree]
        let c = part.coverage
        var nodes: [JSON] = []
        var choices: [JSON] = []
        for (n, node) in tree.nodes.enumerated() {
            let ref = NodeRef(tree: part.tree, node: n)
            nodes.append(.object([("node", .string(library.address(of: ref))), ("sessions", .int(report.tally.sessions(at: ref)))]))
            for k in node.choices.indices {
                let cref = ChoiceRef(node: ref, index: k)
                choices.append(.object(choiceJSON(cref) + [("sessions", .int(report.tally.sessions(taking: cref)))]))
            }
        }
        let ended = part.ended.reduce(0) { $0 + $1.sessions }
        return .object([
            ("tree", .string(tree.id)),
            ("title", .string(tree.title)),
            ("sessions", .int(part.sessions)),
            ("steps", .int(part.steps)),
            ("coverage", coverageJSON(c)),
            ("outcomes", .object([("reached", .array(c.outcomesReached.map { .string($0) })),
                                  ("all", .array(c.outcomes.map { .string($0) }))])),
            ("ended", .array(part.ended.map { outcomeJSON($0, of: ended) })),
            ("heat", .object([("nodes", .array(nodes)), ("choices", .array(choices))])),
            ("untried", .array(c.untriedAtVisited.map { .object(choiceJSON($0)) })),
            ("next", .array(part.next.map { b in
                .object(choiceJSON(b.choice) + [("distance", .int(b.distance)),
                                                ("route", .array(b.route.map { .object(choiceJSON($0)) }))])
            })),
            ("stuck", .array(part.stuck.map(stayJSON))),
            ("longestStays", .array(part.longestStays.map(stayJSON))),
            ("intensity", part.intensity.map { i in
                .object([("steps", .int(i.steps)), ("median", .double(i.median)), ("min", .int(i.min)), ("max", .int(i.max))])
            } ?? .null),
        ])
    }
}
