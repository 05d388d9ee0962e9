import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `JournalTail`, what `follow` reads a live session with: cut anywhere, read
/// in any pieces, truncated or deleted under it, it gives the session that
/// `--resume` gives, and never crashes or hangs.
@Suite struct JournalTailTests {
    /// What a session shows: its walk and its modes.
    struct Shown: Equatable {
        var steps: [Step]
        var lang: String?
        var quiz: Bool
        var drill: Bool
        var revealed: Bool
        init(_ s: Session) { (steps, lang, quiz, drill, revealed) = (s.steps, s.lang, s.quiz, s.drill, s.revealed) }
    }

    /// A journal of a session that uses every event: moves, notes, words
    /// said and rated, drill, quiz and reveal, back (a branch kept), a
    /// language, a move to another tree.
    func richJournal(_ lib: Library) throws -> (bytes: [UInt8], shown: Shown) {
        let clock = SteppingClock(start: 1_795_444_200, step: 7)
        var session = Session(library: lib, clock: { clock.next() })
        let journal = try Journal.create(in: makeTempDir(), session: session, version: "0.1.0",
                                         now: Timestamp(seconds: 1_795_444_200), paths: ["/trees"]).get()
        session.recording = true
        func record(_ change: (inout Session) throws -> Void) throws {
            try change(&session)
            journal.append(session.takeEvents())
        }
        try record { _ = try $0.open("angry") }
        try record { _ = try $0.choose(1) }
        try record { _ = try $0.say("I can hear how upset you are") }
        try record { try $0.rate(4) }
        try record { try $0.addNote("the room liked the opener") }
        try record { $0.setDrill(true) }
        try record { _ = try $0.choose(2) }
        try record { _ = try $0.say("1") }
        try record { _ = try $0.back() }
        try record { _ = try $0.choose(1) }
        try record { $0.setQuiz(true) }
        try record { try $0.reveal() }
        try record { try $0.setLang("nl") }
        try record { _ = try $0.goto("rude") }
        try record { $0.setDrill(false) }
        try record { try $0.addNote("ënd — “quoted”") }
        return (Array(fileText(journal.path)!.utf8), Shown(session))
    }

    /// Applies what a tail read to `session`; the problems it named.
    func take(_ change: JournalTail.Change, into session: inout Session) -> [String] {
        guard case .lines(let lines) = change else { return ["not lines: \(change)"] }
        var problems: [String] = []
        for line in lines {
            switch line {
            case .event(let event): if let p = session.apply(event) { problems.append(p) }
            case .problem(let p): problems.append(p)
            case .start, .end, .other: break
            }
        }
        return problems
    }

    @Test func cutAtEveryByteItReadsWhatResumeReadsAndTheRestLater() throws {
        let lib = Loader().load(paths: [packageRoot + "/Trees"]).library
        let (bytes, full) = try richJournal(lib)
        #expect(full.steps.count == 4 && full.steps[1].undone.count == 1 && full.lang == "nl")
        let path = makeTempDir() + "/cut.journal"
        let resumedPath = makeTempDir() + "/whole-lines.journal"
        for cut in 0...bytes.count {
            writeFile(path, Array(bytes[..<cut]))
            // A tail shows whole lines only (the last may still be in the
            // writing); --resume, of the same lines, gives the same session.
            let whole = bytes[..<cut].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            writeFile(resumedPath, Array(bytes[..<whole]))
            var resumed = Session(library: lib)
            _ = try Journal.recover(resumedPath, into: &resumed).get()
            // --resume of the cut file itself: at most the cut line is lost, and said so.
            var raw = Session(library: lib)
            let lost = try Journal.recover(path, into: &raw).get().problems
            #expect(lost.allSatisfy { $0 == "the last line was cut short (a crash while writing) and was skipped" }, "cut at \(cut)")

            let tail = try JournalTail(path: path)
            var followed = Session(library: lib)
            let problems = take(tail.read(), into: &followed)
            #expect(problems.isEmpty, "cut at \(cut): \(problems)")
            #expect(Shown(followed) == Shown(resumed), "cut at \(cut)")

            // The rest of the journal arrives: the view catches up whole.
            let fd = open(path, O_WRONLY | O_APPEND)
            _ = bytes[cut...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            #expect(take(tail.read(), into: &followed).isEmpty, "cut at \(cut)")
            #expect(Shown(followed) == full, "cut at \(cut)")
        }
    }

    @Test func aJournalCutShorterUnderTheViewIsReadAgainFromItsStart() throws {
        let lib = Loader().load(paths: [packageRoot + "/Trees"]).library
        let (bytes, _) = try richJournal(lib)
        let path = makeTempDir() + "/s.journal"
        writeFile(path, bytes)
        let tail = try JournalTail(path: path)
        var followed = Session(library: lib)
        _ = take(tail.read(), into: &followed)
        // Half of it is cut away (a restore from backup, a truncating editor).
        let half = bytes.count / 2
        #expect(truncate(path, off_t(half)) == 0)
        guard case .cutShort = tail.read() else {
            Issue.record("a shorter file is not reported")
            return
        }
        var again = Session(library: lib)
        _ = take(tail.read(), into: &again)
        var resumed = Session(library: lib)
        _ = try Journal.recover(path, into: &resumed).get()
        #expect(Shown(again) == Shown(resumed))
    }

    @Test func aCorruptLineIsNamedAndTheRestIsRead() throws {
        let lib = Loader().load(paths: [packageRoot + "/Trees"]).library
        var (bytes, full) = try richJournal(lib)
        // A line of garbage in the middle, as a disk error or a hand edit leaves.
        let lines = bytes.split(separator: 0x0A)
        let broken = lines[..<3].map(Array.init) + [Array("{\"event\":\"step\",\u{1B}[31m".utf8), Array("\u{0}\u{0}".utf8)] + lines[3...].map(Array.init)
        bytes = broken.flatMap { $0 + [0x0A] }
        let path = makeTempDir() + "/c.journal"
        writeFile(path, bytes)
        var followed = Session(library: lib)
        let problems = take(try JournalTail(path: path).read(), into: &followed)
        #expect(problems == ["line 4 is not a journal event and was skipped", "line 5 is not a journal event and was skipped"])
        #expect(Shown(followed) == full)
    }

    @Test func aDeletedJournalIsSaid() throws {
        let path = makeTempDir() + "/d.journal"
        writeFile(path, Array("{\"event\":\"start\",\"schema\":\"defuse.journal/1\"}\n".utf8))
        let tail = try JournalTail(path: path)
        guard case .lines(let lines) = tail.read(), case .start(let schema, _, let paths)? = lines.first else {
            Issue.record("the start line is not read")
            return
        }
        #expect(schema == "defuse.journal/1" && paths.isEmpty)
        #expect(unlink(path) == 0)
        guard case .deleted = tail.read() else {
            Issue.record("a deleted journal is not reported")
            return
        }
        #expect(throws: FileSystem.Failure.self) { _ = try JournalTail(path: path) }
    }

    @Test func theStartLineNamesWhereTheTreesCameFrom() throws {
        let lib = Loader().load(paths: [packageRoot + "/Trees"]).library
        let journal = try Journal.create(in: makeTempDir(), session: Session(library: lib), version: "0.1.0",
                                         now: Timestamp(seconds: 1_795_444_200), paths: ["/a b/Trees", "/x.tree"]).get()
        guard case .lines(let lines) = try JournalTail(path: journal.path).read(), case .start(_, let time, let paths)? = lines.first else {
            Issue.record("no start line")
            return
        }
        #expect(paths == ["/a b/Trees", "/x.tree"])
        #expect(time == Timestamp(seconds: 1_795_444_200))
    }
}
