/// The report as one Markdown page: the whole set first (outcomes as a pie,
/// what to try next time, the sessions, the intensity across sessions as a
/// chart, drill results), then each tree someone walked (a heat map of where
/// the room went, where it got stuck, the choices nobody took, what trainees
/// said and noted at each node), then the sessions made with an older
/// version of a tree. User text goes through `Markdown.escape` (or
/// `Markdown.code`, `Mermaid.label`), as in the coaching notes.
extension ReportExporter {
    public func markdown() -> String {
        let r = report
        var out = "# Workshop report: " + (r.sessions.count == 1 ? "1 session" : "\(r.sessions.count) sessions")
        let dates = r.sessions.map(\.created).sorted()
        if let first = dates.first, let last = dates.last {
            out += ", " + (first.localDate == last.localDate ? first.localDate : first.localDate + " to " + last.localDate)
        }
        out += "\n\n"
        let titles = walkedTitles
        if !titles.isEmpty { out += "**Trees walked:** " + titles.map(Markdown.escape).joined(separator: " · ") + "\n\n" }
        var facts = ["**Steps:** \(r.steps)" + (r.triedSteps > 0 ? " (and \(r.triedSteps) in branches tried and undone)" : "")]
        var langs: [String] = []
        for s in r.sessions where !langs.contains(s.lang) { langs.append(s.lang) }
        if !langs.isEmpty { facts.append("**Languages:** " + langs.map(Markdown.escape).joined(separator: ", ")) }
        facts.append("**Nodes seen:** " + TreeCoverage.ratio(r.total.nodesVisited, r.total.nodes))
        facts.append("**Choices taken:** " + TreeCoverage.ratio(r.total.choicesTaken, r.total.choices))
        out += facts.joined(separator: " · ") + "\n"
        out += outcomesSection()
        out += nextTimeSection()
        out += sessionsSection()
        out += intensitySection()
        out += drillSection()
        for part in r.trees { out += treeSection(part) }
        out += goneSection()
        out += olderSection()
        if !r.notWalked.isEmpty {
            out += "\n## Trees nobody walked\n\n"
            out += r.notWalked.map { Markdown.escape(library.trees[$0].title) + " (" + Markdown.code(library.trees[$0].id) + ")" }
                .joined(separator: ", ") + "\n"
        }
        out += "\n---\n\n*Report by defuse " + Visible.escape(version) + " from " + (r.sessions.count == 1 ? "1 saved path" : "\(r.sessions.count) saved paths")
            + ", counted against the trees as they are now.*\n"
        return out
    }

    // MARK: The whole set

    func outcomesSection() -> String {
        let r = report
        guard !r.outcomes.isEmpty else { return "" }
        var out = "\n## Outcomes\n\n```mermaid\npie showData\n"
        out += "  title Outcomes of \(r.sessions.count) " + (r.sessions.count == 1 ? "session" : "sessions") + "\n"
        for o in r.outcomes { out += "  \"" + Mermaid.label(Self.outcomeName(o.outcome)) + "\" : \(o.sessions)\n" }
        out += "```\n\n| Outcome | Sessions | Share |\n| --- | ---: | ---: |\n"
        for o in r.outcomes {
            let name = o.outcome.map(Markdown.escape) ?? "*not finished*"
            out += "| " + name + " | \(o.sessions) | \(Percent.of(o.sessions, r.sessions.count))% |\n"
        }
        return out
    }

    /// For each tree walked, the nearest branch nobody tried, and how to get there.
    func nextTimeSection() -> String {
        let items = report.trees.compactMap { part in part.next.first.map { (part, $0) } }
        guard !items.isEmpty else { return "" }
        var out = "\n## Next time\n\nThe nearest branch nobody tried, from the start of each tree:\n\n"
        for (part, branch) in items {
            out += "- **" + Markdown.escape(library.trees[part.tree].title) + ":** " + route(branch, tree: part.tree) + "\n"
        }
        return out
    }

    /// `open `angry`, take “A” → `angry#b`, then try **“C”** → `angry#d``.
    func route(_ branch: CoverageData.UntriedBranch, tree: Int) -> String {
        var out = "open " + Markdown.code(library.trees[tree].id)
        for step in branch.route {
            let c = choice(step)
            out += ", take “" + Markdown.escape(c.label) + "” → " + Markdown.code(c.target)
        }
        let c = choice(branch.choice)
        out += (branch.route.isEmpty ? " and try" : ", then try") + " **“" + Markdown.escape(c.label) + "”** → " + Markdown.code(c.target)
        return out
    }

    func sessionsSection() -> String {
        let r = report
        guard !r.sessions.isEmpty else { return "" }
        var out = "\n## Sessions\n\n| Session | Saved | Language | Steps | Trees | Outcome |\n| --- | --- | --- | ---: | --- | --- |\n"
        for s in r.sessions.prefix(Self.sessionRows) {
            var steps = "\(s.steps)"
            if s.triedSteps > 0 { steps += " (+\(s.triedSteps) tried)" }
            var outcome = s.outcome.map(Markdown.escape) ?? "*not finished* at " + Markdown.code(s.end)
            if s.isOlder { outcome += " ⚠" }
            out += "| " + Markdown.code(s.name) + " | " + s.created.localMinute + " | " + Markdown.escape(s.lang) + " | " + steps + " | "
                + s.trees.map(Markdown.escape).joined(separator: " → ") + " | " + outcome + " |\n"
        }
        if r.sessions.count > Self.sessionRows {
            out += "\n*… and \(r.sessions.count - Self.sessionRows) more sessions (the JSON report lists them all).*\n"
        }
        if r.sessions.contains(where: \.isOlder) {
            out += "\n⚠ made with an older version of a tree, or no longer replays cleanly: see [Older versions of the trees](#older-versions-of-the-trees).\n"
        }
        return out
    }

    func intensitySection() -> String {
        let points = report.intensity
        guard !points.isEmpty else { return "" }
        let drawn = points.prefix(Self.intensitySteps)
        var out = "\n## The customer's intensity across sessions\n\n"
        out += "0 calm, 1 displeased, 2 upset, 3 angry, 4 hostile, 5 threatening or unsafe. At each step of the walks, "
        out += "the line is the median of the sessions that got that far, the bars the highest.\n\n"
        out += "```mermaid\nxychart-beta\n"
        out += "  title \"Intensity at each step, across sessions\"\n"
        out += "  x-axis \"Step\" [" + drawn.map { String($0.step) }.joined(separator: ", ") + "]\n"
        out += "  y-axis \"Intensity\" 0 --> 5\n"
        out += "  bar [" + drawn.map { String($0.max) }.joined(separator: ", ") + "]\n"
        out += "  line [" + drawn.map { Self.decimal($0.median) }.joined(separator: ", ") + "]\n"
        out += "```\n\n"
        if points.count > drawn.count {
            out += "*The chart shows the first \(drawn.count) steps; the table has them all.*\n\n"
        }
        out += "| Step | Sessions | Median | Range |\n| ---: | ---: | ---: | --- |\n"
        for p in points {
            out += "| \(p.step) | \(p.sessions) | " + Self.decimal(p.median) + " | " + (p.min == p.max ? "\(p.min)" : "\(p.min)–\(p.max)") + " |\n"
        }
        return out
    }

    func drillSection() -> String {
        let r = report
        guard r.turns > 0 || r.answers > 0 else { return "" }
        var out = "\n## Drill\n\n"
        var facts: [String] = []
        if r.turns > 0 { facts.append("**Drilled:** \(r.drilledTurns) of \(r.turns) turns") }
        facts.append("**Answers:** \(r.answers)")
        if let average = r.averageRating { facts.append("**Average rating:** " + Self.decimal(average) + " of 5") }
        out += facts.joined(separator: " · ") + "\n"
        let slowest = r.slowest()
        if !slowest.isEmpty {
            out += "\n**Slowest to answer** (median time from arriving to saying it):\n\n"
            for d in slowest {
                out += "- " + Markdown.code(d.ref) + " " + Markdown.escape(d.title) + " — " + Self.duration(d.medianSeconds ?? 0)
                    + " (" + answers(d.answers.count) + ")\n"
            }
        }
        let lowest = r.lowestRated()
        if !lowest.isEmpty {
            out += "\n**Lowest rated** (average of the trainees' own ratings):\n\n"
            for d in lowest {
                let rated = d.answers.filter { $0.rating != nil }.count
                out += "- " + Markdown.code(d.ref) + " " + Markdown.escape(d.title) + " — " + Self.decimal(d.averageRating ?? 0)
                    + " of 5 (" + (rated == 1 ? "1 rating" : "\(rated) ratings") + ")\n"
            }
        }
        out += "\nWhat trainees said at each node is under its tree below.\n"
        return out
    }

    func answers(_ n: Int) -> String { n == 1 ? "1 answer" : "\(n) answers" }

    // MARK: Each tree

    func treeSection(_ part: WorkshopReport.TreePart) -> String {
        let r = report
        let tree = library.trees[part.tree]
        let c = part.coverage
        var out = "\n## " + Markdown.escape(tree.title) + " (" + Markdown.code(tree.id) + ")\n\n"
        var facts = ["**Sessions:** \(part.sessions) of \(r.sessions.count)", "**Steps:** \(part.steps)"]
        facts.append("**Nodes seen:** " + TreeCoverage.ratio(c.nodesVisited, c.nodes))
        facts.append("**Choices taken:** " + TreeCoverage.ratio(c.choicesTaken, c.choices))
        if !c.outcomes.isEmpty {
            facts.append("**Outcomes reached:** " + TreeCoverage.ratio(c.outcomesReached.count, c.outcomes.count)
                         + (c.outcomesReached.isEmpty ? "" : ": " + c.outcomesReached.map(Markdown.escape).joined(separator: ", ")))
        }
        if let i = part.intensity {
            facts.append("**Intensity:** median " + Self.decimal(i.median) + (i.min == i.max ? "" : ", \(i.min) to \(i.max)"))
        }
        out += facts.joined(separator: " · ") + "\n"
        if !part.ended.isEmpty {
            let ended = part.ended.reduce(0) { $0 + $1.sessions }
            out += "\n**Walks that ended here:** " + part.ended.map { o in
                (o.outcome.map(Markdown.escape) ?? PathDocument.unfinished) + " \(o.sessions) (\(Percent.of(o.sessions, ended))%)"
            }.joined(separator: " · ") + "\n"
        }

        let map = HeatMap(library: library, tree: part.tree, tally: r.tally, sessions: r.sessions.count).draw()
        out += "\n### Where the room went\n\n"
        out += "Each node and choice is shaded by how many of the " + (r.sessions.count == 1 ? "1 session" : "\(r.sessions.count) sessions")
        out += " passed through it (a branch tried and undone counts); the numbers are sessions. Dotted arrows lead to other trees, "
        out += "or in from them where someone came that way.\n\n"
        if let note = map.note { out += Markdown.escape(note) + "\n\n" }
        out += "```mermaid\n" + map.mermaid + "```\n\n```mermaid\n" + map.legend + "```\n"

        if !part.stuck.isEmpty || !part.longestStays.isEmpty {
            out += "\n### Where it got stuck\n"
            if !part.stuck.isEmpty {
                out += "\n| Node | Walks stopped here | Went back from here | Median stay |\n| --- | ---: | ---: | ---: |\n"
                for s in part.stuck {
                    out += "| " + nodeCell(s.node) + " | \(s.stopped) | \(s.wentBack) | " + (s.medianSeconds.map(Self.duration) ?? "–") + " |\n"
                }
            }
            if !part.longestStays.isEmpty {
                out += "\n**Longest stays** (median time before the next step): "
                    + part.longestStays.map { nodeCell($0.node) + " " + Self.duration($0.medianSeconds ?? 0) }.joined(separator: " · ") + "\n"
            }
        }

        out += "\n### Choices nobody took\n\n"
        if part.next.isEmpty {
            out += "Every choice reachable from the start was taken by someone.\n"
        } else {
            out += "**Start next time from:**\n\n"
            for branch in part.next { out += "- " + route(branch, tree: part.tree) + "\n" }
        }
        let untried = c.untriedAtVisited
        if !untried.isEmpty {
            out += "\nAt nodes someone reached (\(untried.count)):\n\n| Node | Choice | Leads to |\n| --- | --- | --- |\n"
            for u in untried.prefix(Self.untriedRows) {
                let ch = choice(u)
                out += "| " + Markdown.code(ch.node) + " | [\(ch.number)] " + Markdown.escape(ch.label) + " | " + Markdown.code(ch.target) + " |\n"
            }
            if untried.count > Self.untriedRows {
                out += "\n*… and \(untried.count - Self.untriedRows) more (the JSON report lists them all).*\n"
            }
        }
        let elsewhere = c.untried - untried.count
        if elsewhere > 0 {
            out += "\n" + (elsewhere == 1 ? "1 more choice is" : "\(elsewhere) more choices are") + " at nodes nobody reached.\n"
        }

        let drill = r.drill.filter { $0.node.map { Int($0.tree) == part.tree } ?? false }
        if !drill.isEmpty { out += "\n### What trainees said\n" + drill.map(drillNode).joined() }
        let notes = r.notes.filter { $0.node.map { Int($0.tree) == part.tree } ?? false }
        if !notes.isEmpty { out += "\n### Notes\n" + notes.map(notesNode).joined() }
        return out
    }

    /// `` `angry#keep-calm` Keep calm first ``
    func nodeCell(_ ref: NodeRef) -> String {
        Markdown.code(library.address(of: ref)) + " " + Markdown.escape(library.node(ref).title)
    }

    func drillNode(_ d: WorkshopReport.NodeDrill) -> String {
        var out = "\n#### " + Markdown.code(d.ref) + " " + Markdown.escape(d.title) + "\n\n"
        var facts: [String] = []
        if !d.answers.isEmpty { facts.append(answers(d.answers.count)) }
        if let average = d.averageRating { facts.append("average rating " + Self.decimal(average) + " of 5") }
        if let seconds = d.medianSeconds { facts.append("median " + Self.duration(seconds) + " to answer") }
        if d.turns > 0 {
            facts.append(d.notDrilled == 0 ? "answered in " + (d.turns == 1 ? "the drill turn" : "all \(d.turns) drill turns")
                         : "moved on without answering in \(d.notDrilled) of \(d.turns) drill " + (d.turns == 1 ? "turn" : "turns"))
        }
        out += facts.joined(separator: " · ") + "\n"
        if !d.answers.isEmpty {
            out += "\n| Session | Said | Rating | Time |\n| --- | --- | ---: | ---: |\n"
            for a in d.answers {
                var said = "“" + Markdown.escape(a.said.text) + "”"
                if let n = a.said.phrase { said += " *(phrase \(n))*" }
                out += "| " + Markdown.code(report.sessions[a.session].name) + ", " + a.place + " | " + said + " | "
                    + (a.rating.map { "\($0) of 5" } ?? "–") + " | " + (a.said.seconds.map { Self.duration(Double($0)) } ?? "–") + " |\n"
            }
        }
        return out
    }

    func notesNode(_ n: WorkshopReport.NodeNotes) -> String {
        var out = "\n#### " + Markdown.code(n.ref) + " " + Markdown.escape(n.title) + "\n"
        for e in n.notes {
            out += "\n> **✎ " + Markdown.code(report.sessions[e.session].name) + "**, " + e.place + " ("
                + String(e.note.time.localMinute.suffix(5)) + "): " + Markdown.escape(e.note.text) + "\n"
        }
        return out
    }

    // MARK: Drift

    /// Drill answers and notes at nodes that are no longer in the trees: nothing is left out.
    func goneSection() -> String {
        let drill = report.drill.filter { $0.node == nil }
        let notes = report.notes.filter { $0.node == nil }
        guard !drill.isEmpty || !notes.isEmpty else { return "" }
        var out = "\n## At nodes no longer in the trees\n"
        if !drill.isEmpty { out += "\n### What trainees said\n" + drill.map(drillNode).joined() }
        if !notes.isEmpty { out += "\n### Notes\n" + notes.map(notesNode).joined() }
        return out
    }

    /// One line per session made with an older version of a tree: what its replay finds.
    func olderSection() -> String {
        let older = report.olderSessions
        guard !older.isEmpty else { return "" }
        var out = "\n## Older versions of the trees\n\n"
        out += "Sessions made with another version of a tree than the one loaded now, and what replaying them finds "
        out += "(`defuse replay FILE` lists every difference):\n\n"
        for i in older {
            let s = report.sessions[i]
            var line = "- " + Markdown.code(s.name) + " (" + s.created.localDate + ")"
            if !s.changedTrees.isEmpty {
                line += ": made with another version of " + s.changedTrees.map(Markdown.code).joined(separator: ", ")
            }
            if s.drifts.isEmpty {
                line += "; replays cleanly"
            } else {
                let first = s.drifts[0]
                line += (s.changedTrees.isEmpty ? ": " : "; ") + (s.drifts.count == 1 ? "1 difference: " : "\(s.drifts.count) differences, the first: ")
                if let step = first.step { line += "step \(step + 1) " + Markdown.code(first.ref) + " " }
                line += Markdown.escape(first.kind.rawValue) + ", " + Markdown.escape(first.message)
            }
            out += line + "\n"
        }
        return out
    }
}
