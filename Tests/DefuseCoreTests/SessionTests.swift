import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct SessionTests {
    @Test func openChooseAndCrossTrees() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        #expect(s.current == nil)
        try s.open("a")
        #expect(s.library.node(s.current!).id == "start")
        try s.choose(2)
        #expect(s.currentTree?.id == "b")
        #expect(s.library.node(s.current!).id == "calm")
        try s.choose(1)
        #expect(s.currentTree?.id == "a")
        #expect(s.library.node(s.current!).id == "listen")
        #expect(s.steps.map(\.arrival) == [.open, .choice(1), .choice(0)])
    }

    @Test func invalidChoicesDoNotMove() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        #expect(throws: SessionError.self) { try s.choose(1) }
        try s.open("a")
        #expect(throws: SessionError.self) { try s.choose(0) }
        #expect(throws: SessionError.self) { try s.choose(4) }
        #expect(s.steps.count == 1)
        try s.choose(3)
        let error = #expect(throws: SessionError.self) { try s.choose(1) }
        #expect(error?.message.contains("is an end node") == true)
    }

    @Test func backIsUnlimitedAcrossTreesButKeepsTheFirstStep() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        try s.choose(2)
        try s.choose(1)
        try s.choose(2)
        #expect(s.steps.count == 4)
        #expect(try s.back(2) == 2)
        #expect(s.currentTree?.id == "b")
        #expect(try s.back(10) == 1)
        #expect(s.library.node(s.current!).id == "start")
        #expect(throws: SessionError.self) { try s.back() }
    }

    @Test func restartAndGotoAreUndoable() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        try s.choose(1)
        try s.restart()
        #expect(s.library.node(s.current!).id == "start")
        try s.goto("b#end")
        #expect(s.currentTree?.id == "b")
        try s.goto("intro")
        #expect(s.library.node(s.current!).id == "intro")
        try s.goto("a")
        #expect(s.library.node(s.current!).id == "start")
        #expect(s.steps.map(\.arrival) == [.open, .choice(0), .restart, .goto, .goto, .goto])
        _ = try s.back(4)
        #expect(s.library.node(s.current!).id == "listen")
        let error = #expect(throws: SessionError.self) { try s.goto("lisen") }
        #expect(error?.message.contains("did you mean 'listen'") == true)
    }

    @Test func labelMatching() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        #expect(s.match("they keep venting") == .one(0))
        #expect(s.match("THEY KEEP") == .one(0))
        #expect(s.match("insult") == .one(1))
        #expect(s.match("cafe") == .one(2))
        #expect(s.match("visit café") == .one(2))
        #expect(s.match("they") == .ambiguous([0, 1]))
        #expect(s.match("zebra") == .none)
        try s.setLang("nl")
        #expect(s.match("beledigen") == .one(1))
        #expect(s.match("insult") == .one(1), "source labels still work in another language")
    }

    @Test func notesStayOnTheirStep() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        #expect(throws: SessionError.self) { try s.addNote("too early") }
        try s.open("a")
        try s.addNote("first")
        try s.choose(1)
        try s.addNote("second")
        try s.addNote("third")
        #expect(s.steps.map { $0.notes.map(\.text) } == [["first"], ["second", "third"]])
        try s.back()
        // Undone, the step is kept as a branch tried from the first, with its notes.
        #expect(s.steps.count == 1)
        #expect(s.steps[0].undone.map { $0.map { $0.notes.map(\.text) } } == [[["second", "third"]]])
        #expect(throws: SessionError.self) { try s.addNote("   ") }
    }

    @Test func languageSwitchShowsTranslation() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        #expect(s.display(s.current!).title == "Start here")
        try s.setLang("nl")
        #expect(s.display(s.current!).title == "Begin hier")
        try s.choose(2)
        #expect(s.display(s.current!).title == "Stay calm", "untranslated trees fall back to the source")
        let error = #expect(throws: SessionError.self) { try s.setLang("xx") }
        #expect(error?.message.contains("available: en, nl") == true)
    }

    @Test func quizHidesUntilRevealAndResetsOnMove() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        s.setQuiz(true)
        #expect(s.phrasesHidden)
        try s.reveal()
        #expect(!s.phrasesHidden)
        try s.choose(1)
        #expect(s.phrasesHidden)
        s.setQuiz(false)
        #expect(throws: SessionError.self) { try s.reveal() }
    }

    @Test func searchAcrossTreesIgnoresCaseAndAccents() throws {
        let s = Session(library: sampleLibrary(), clock: fixedClock())
        let refs = s.search("CAFE").map { s.library.node($0.node).id }
        #expect(refs == ["start", "cafe"])
        let breathe = s.search("breathe")
        #expect(breathe.count == 1)
        #expect(breathe.first?.field == "guidance")
        #expect(s.search("listening").first?.field == "phrase")
        #expect(s.search("nothing like this").isEmpty)
    }

    @Test func coverageIsRecorded() throws {
        var s = Session(library: sampleLibrary(), clock: fixedClock())
        try s.open("a")
        try s.choose(1)
        try s.choose(2)
        #expect(s.visitedNodes.count == 2)
        #expect(s.takenChoices.count == 2)
    }
}
