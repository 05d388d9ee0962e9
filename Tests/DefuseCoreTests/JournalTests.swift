import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

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
        let before = fileText(journal.path)!
        journal.append(session.takeEvents())
        #expect(fileText(journal.path)! == before)
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
        #expect(fileText(journal.path + ".done")?.hasSuffix("{\"event\":\"end\",\"time\":\"2026-11-23T14:41:40Z\"}\n") == true)
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
        #expect(fileText(journal.path)!.contains("{\"event\":\"reset\"}\n"))
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
