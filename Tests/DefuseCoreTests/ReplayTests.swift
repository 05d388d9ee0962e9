import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The export fixture's files, as text, for editing.
func exportFixtureTexts() -> [String: String] {
    var files: [String: String] = [:]
    for name in ["desk.tree", "calls.tree", "SOURCES.md"] {
        files[name] = readText(exportTrees + "/" + name)!
    }
    return files
}

@Suite struct ReplayTests {
    let doc = fixedDocument(loadExportTrees())

    /// Replays the fixed walk against the fixture with `edit` applied to one file.
    func replay(_ file: String? = nil, _ edit: (String) -> String = { $0 }, drop: String? = nil) -> Replay.Result {
        var files = exportFixtureTexts()
        if let file { files[file] = edit(files[file]!) }
        if let drop { files[drop] = nil }
        return Replay.run(doc, library: loadTexts(files).library)
    }

    func kinds(_ r: Replay.Result) -> [String] {
        r.drifts.map { "\($0.step.map(String.init) ?? "-") \($0.kind.rawValue): \($0.message)" }
    }

    @Test func replaysCleanlyAgainstTheSameTrees() {
        let r = Replay.run(doc, library: loadExportTrees())
        #expect(r.clean)
        #expect(r.remarks.isEmpty)
        let steps = fixedWalk(loadExportTrees()).steps
        #expect(r.steps?.map(\.node) == steps.map(\.node))
        #expect(r.steps?.map(\.arrival) == steps.map(\.arrival))
        #expect(r.steps?.map(\.notes) == steps.map(\.notes))
    }

    @Test func aNodeGone() {
        let r = replay("desk.tree") {
            $0.replacingFirst("## refund: Refund asked", with: "## refunds: Refund asked")
                .replacingFirst("-> refund\n", with: "-> refunds\n")
        }
        #expect(kinds(r) == [
            "0 choice-retargeted: choice \"They ask for a refund\" now leads to 'desk#refunds', not 'desk#refund'",
            "1 node-gone: node 'refund' is gone from tree 'desk'; was it renamed to 'refunds'?",
        ])
        #expect(r.steps == nil)
        #expect(r.remarks.count == 1)
    }

    @Test func aChoiceRetargeted() {
        let r = replay("desk.tree") { $0.replacingFirst("They ask for a refund -> refund", with: "They ask for a refund -> gone") }
        #expect(kinds(r) == ["0 choice-retargeted: choice \"They ask for a refund\" now leads to 'desk#gone', not 'desk#refund'"])
        // Every node is still there: the move that no longer follows becomes a jump.
        #expect(r.steps?[1].arrival == .goto)
    }

    @Test func aChoiceRelabelled() {
        let r = replay("desk.tree") { $0.replacingFirst("They ask for a refund -> refund", with: "They want a refund -> refund") }
        #expect(kinds(r) == ["0 choice-relabelled: choice to 'desk#refund' was relabelled: \"They ask for a refund\" is now \"They want a refund\""])
        #expect(r.steps?[1].arrival == .choice(0))
    }

    @Test func aChoiceGone() {
        let r = replay("desk.tree") { $0.replacingFirst("* They shout | loudly -> calls#calm\n", with: "") }
        #expect(kinds(r) == ["2 choice-gone: choice \"They shout | loudly\" → 'calls#calm' is gone"])
    }

    @Test func textChanged() {
        let r = replay("desk.tree") {
            $0.replacingFirst("## refund: Refund asked", with: "## refund: Refund requested")
                .replacingFirst("> Let me check that.", with: "> Let me look.")
        }
        #expect(kinds(r) == [
            "1 text-changed: title changed: \"Refund asked\" is now \"Refund requested\"",
            "1 text-changed: phrase 1 changed: \"Let me check that.\" is now \"Let me look.\"",
        ])
        #expect(r.remarks.count == 1 && r.remarks[0].hasPrefix("tree 'desk' has changed since the path was saved"))
    }

    @Test func aTreeGone() {
        let r = replay(drop: "calls.tree")
        #expect(kinds(r).contains("3 tree-gone: tree 'calls' is not loaded"))
        #expect(r.steps == nil)
    }
}

@Suite struct JournalTests {
    /// A session whose events go to a new journal in `dir`.
    func journaled(_ lib: Library, in dir: String, clock: @escaping @Sendable () -> Timestamp) throws -> (Session, Journal) {
        var session = Session(library: lib, clock: clock)
        let journal = try Journal.create(in: dir, session: session, version: "0.1.0", now: Timestamp(seconds: 1_795_444_200)).get()
        session.recording = true
        return (session, journal)
    }

    func recover(_ path: String, _ lib: Library) throws -> (Session, Journal.Recovered) {
        var session = Session(library: lib)
        let recovered = try Journal.recover(path, into: &session).get()
        return (session, recovered)
    }

    @Test func everyMoveAndNoteComesBack() throws {
        let lib = loadExportTrees()
        let dir = makeTempDir() + "/state/defuse/sessions"
        let clock = SteppingClock(start: 1_795_444_200, step: 5)
        var (session, journal) = try journaled(lib, in: dir, clock: { clock.next() })
        try session.open("desk")
        journal.append(session.takeEvents())
        try session.choose(1)
        try session.addNote("one")
        journal.append(session.takeEvents())
        try session.choose(2)
        try session.addNote("dropped with back")
        journal.append(session.takeEvents())
        _ = try session.back()
        try session.addNote("two")
        journal.append(session.takeEvents())
        try session.setLang("en")
        session.setQuiz(true)
        try session.restart()
        journal.append(session.takeEvents())
        // Unchanged: nothing written.
        let before = readText(journal.path)!
        journal.append(session.takeEvents())
        #expect(readText(journal.path)! == before)
        #expect(before.split(separator: "\n").count == 11)

        var st = stat()
        #expect(stat(dir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(stat(journal.path, &st) == 0 && st.st_mode & 0o777 == 0o600)

        // Held by this session: not offered for resuming.
        #expect(Journal.newestUnfinished(in: dir) == nil)
        let (back, recovered) = try recover(journal.path, lib)
        #expect(back.steps == session.steps)
        #expect(back.lang == "en" && back.quiz)
        #expect(recovered.problems.isEmpty && !recovered.ended)

        journal.finish(now: Timestamp(seconds: 1_795_444_900))
        #expect(FileSystem.kind(journal.path) == .missing)
        #expect(readText(journal.path + ".done")?.hasSuffix("{\"event\":\"end\",\"time\":\"2026-11-23T14:41:40Z\"}\n") == true)
        #expect(Journal.newestUnfinished(in: dir) == nil)
    }

    @Test func aWalkReplacedWholeIsAReset() throws {
        let lib = loadExportTrees()
        let clock = SteppingClock(start: 1_795_444_200, step: 5)
        var (session, journal) = try journaled(lib, in: makeTempDir(), clock: { clock.next() })
        try session.open("desk")
        try session.choose(1)
        journal.append(session.takeEvents())
        // As 'load' does: another walk replaces this one.
        var other = Session(library: lib, clock: { clock.next() })
        try other.open("calls")
        try other.addNote("loaded")
        session.restore(steps: other.steps, lang: nil)
        journal.append(session.takeEvents())
        #expect(readText(journal.path)!.contains("{\"event\":\"reset\"}\n"))
        #expect(try recover(journal.path, lib).0.steps == other.steps)
    }

    @Test func theStartOfAJournalHoldsTheSessionAsItWas() throws {
        let lib = loadExportTrees()
        var session = Session(library: lib, clock: { Timestamp(seconds: 1_795_444_200) })
        try session.open("desk")
        try session.addNote("before autosave began")
        try session.setLang("en")
        let journal = try Journal.create(in: makeTempDir(), session: session, version: "0.1.0", now: Timestamp(seconds: 1_795_444_200)).get()
        let (back, recovered) = try recover(journal.path, lib)
        #expect(back.steps == session.steps && back.lang == "en")
        #expect(recovered.started == Timestamp(seconds: 1_795_444_200))
    }

    @Test func aLineCutShortIsSkippedAndTheRestResumes() throws {
        let lib = loadExportTrees()
        let dir = makeTempDir()
        var path = ""
        var session = Session(library: lib)
        do {
            var journal: Journal
            (session, journal) = try journaled(lib, in: dir, clock: { Timestamp(seconds: 1_795_444_200) })
            path = journal.path
            try session.open("desk")
            try session.choose(1)
            journal.append(session.takeEvents())
        }  // dropped without finish: as after a crash
        // A crash in the middle of writing a line.
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = write(fd, "{\"event\":\"note\",\"te", 19)
        close(fd)
        #expect(Journal.newestUnfinished(in: dir) == path)
        let (back, recovered) = try recover(path, lib)
        #expect(back.steps.map(\.node) == session.steps.map(\.node))
        #expect(recovered.problems == ["the last line was cut short (a crash while writing) and was skipped"])
        // Continuing the journal starts on a fresh line.
        let reopened = try Journal.reopen(path).get()
        try session.addNote("after the crash")
        reopened.append(session.takeEvents())
        let (again, problems) = try recover(path, lib)
        #expect(again.steps == session.steps)
        #expect(problems.problems == ["line 4 is not a journal event and was skipped"])
    }

    @Test func aJournalOfTheLastVersionStillResumes() throws {
        // Notes were `note` events, one a line, before they became `update`s.
        let lib = loadExportTrees()
        let path = makeTempDir() + "/old.journal"
        writeFile(path, Array("""
            {"event":"start","schema":"defuse.journal/1","defuse":"0.1.0","time":"2026-11-23T14:30:00Z","offset":3600,"trees":[]}
            {"event":"step","tree":"desk","node":"greet","arrival":"open","choice":null,"time":"2026-11-23T14:30:05Z","offset":3600}
            {"event":"note","text":"first","time":"2026-11-23T14:30:10Z","offset":3600}
            {"event":"step","tree":"desk","node":"refund","arrival":"choice","choice":0,"time":"2026-11-23T14:30:15Z","offset":3600}
            {"event":"back","count":1}
            {"event":"note","text":"second","time":"2026-11-23T14:30:20Z","offset":3600}
            {"event":"quiz","on":true}

            """.utf8))
        let (back, recovered) = try recover(path, lib)
        #expect(recovered.problems.isEmpty && recovered.started?.utcOffset == 3600)
        #expect(back.steps.map { lib.address(of: $0.node) } == ["desk#greet"])
        #expect(back.steps[0].notes.map(\.text) == ["first", "second"])
        #expect(back.steps[0].notes[0].time.localMinute == "2026-11-23 15:30")
        #expect(back.quiz)
    }

    @Test func aStepWhoseNodeIsGoneIsNamed() throws {
        var (session, journal) = try journaled(loadExportTrees(), in: makeTempDir(), clock: { Timestamp(seconds: 1_795_444_200) })
        try session.open("desk")
        try session.choose(1)
        try session.addNote("on refund")
        journal.append(session.takeEvents())
        var files = exportFixtureTexts()
        files["desk.tree"] = files["desk.tree"]!.replacingFirst("## refund:", with: "## refunds:").replacingFirst("-> refund\n", with: "-> refunds\n")
        let (back, recovered) = try recover(journal.path, loadTexts(files).library)
        #expect(back.steps.count == 1)
        #expect(recovered.problems == ["desk#refund is no longer in the trees: that step was skipped",
                                       "a note on a step that is gone was dropped: \"on refund\""])
    }
}

@Suite struct GraphExportTests {
    @Test func dotShowsOutcomesCrossTreeEdgesAndThePath() {
        let lib = loadExportTrees()
        let doc = fixedDocument(lib)
        let dot = GraphExport(library: lib, tree: lib.treeIndex["desk"]!, path: doc).dot()
        #expect(dot.hasPrefix("digraph \"desk\" {\n  graph [label=\"Front *desk* <help>\""))
        #expect(dot.contains("  \"desk#done\" [label=\"Done\\ndone\", fillcolor=\"#d4edda\", peripheries=2, xlabel=\"resolved\"];"))
        #expect(dot.contains("  \"calls#calm\" [label=\"calls#calm\", shape=note, style=dashed, color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"desk#refund\" [label=\"They ask for a refund\", color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"calls#calm\" [label=\"They shout | loudly\", style=dashed, color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"desk#gone\" [label=\"They leave\"];"))
        #expect(dot.hasSuffix("}\n"))
        // Without a path nothing is highlighted.
        #expect(!GraphExport(library: lib, tree: 0).dot().contains("#1f6feb"))
    }

    @Test func mermaidShowsIncomingEdgesFromOtherTrees() {
        let lib = loadExportTrees()
        let m = GraphExport(library: lib, tree: lib.treeIndex["calls"]!, path: fixedDocument(lib)).mermaid()
        #expect(m.hasPrefix("---\ntitle: Calls\n---\nflowchart TD\n  n0[\"Calm them<br/><small>calm</small>\"]\n"))
        #expect(m.contains("  x0[/\"desk#35;greet\"/]\n"))
        #expect(m.contains("  x0 -.->|\"They shout #124; loudly\"| n0\n"))
        #expect(m.contains("  class n0 outcomesafety\n"))
        #expect(m.contains("  linkStyle 0 stroke:#1f6feb,stroke-width:3px\n"))
    }

    @Test func aHundredThousandNodesDrawWithoutRecursion() {
        var text = "# Long\nid: long\n"
        let n = 100_000
        for i in 0..<n {
            text += "\n## n\(i): Step \(i)\n"
            text += i + 1 < n ? "* next -> n\(i + 1)\n" : "outcome: resolved\n"
        }
        let result = loadTexts(["long.tree": text])
        let dot = GraphExport(library: result.library, tree: 0).dot()
        #expect(dot.split(separator: "\n").count == 4 + n + (n - 1) + 1)
        let mermaid = GraphExport(library: result.library, tree: 0).mermaid()
        #expect(mermaid.contains("  n99998 -->|\"next\"| n99999\n"))
    }
}
