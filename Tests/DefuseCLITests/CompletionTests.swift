@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct CompletionTests {
    func session(open tree: String? = nil) -> Session {
        let result = Loader().load(paths: [fixtures + "/session"])
        var s = Session(library: result.library)
        if let tree { _ = try? s.open(tree) }
        return s
    }

    @Test func commandNames() {
        let c = Completer(session: session()).complete("re")
        #expect(c.start == 0)
        #expect(c.candidates == ["restart", "reveal"])
        #expect(Completer(session: session()).complete("  pa").candidates == ["path"])
        #expect(Completer(session: session()).complete("  pa").start == 2)
    }

    @Test func treeIDsAfterOpen() {
        let c = Completer(session: session()).complete("open ")
        #expect(c.start == 5)
        #expect(c.candidates == ["a", "b"])
        #expect(Completer(session: session()).complete("open b").candidates == ["b"])
    }

    @Test func nodeIDsAfterGoto() {
        let s = session(open: "a")
        #expect(Completer(session: s).complete("goto ").candidates == ["start", "listen", "cafe", "done", "a#", "b#"])
        #expect(Completer(session: s).complete("goto l").candidates == ["listen"])
        let c = Completer(session: s).complete("goto b#")
        #expect(c.candidates == ["b#intro", "b#calm", "b#end"])
        #expect(c.start == 5)
    }

    @Test func languagesAfterLang() {
        #expect(Completer(session: session()).complete("lang ").candidates == ["en", "nl"])
    }

    @Test func choiceLabels() {
        let s = session(open: "a")
        let c = Completer(session: s).complete("they")
        #expect(c.start == 0)
        #expect(c.candidates == ["They keep venting", "They insult you"])
        #expect(Completer(session: s).complete("they k").candidates == ["They keep venting"])
        #expect(Completer(session: s).complete("cafe").candidates == ["Café visit"])
    }

    @Test func filePathsAfterExportFormat() {
        let s = session(open: "a")
        #expect(Completer(session: s).complete("export m").candidates == ["md"])
        let c = Completer(session: s).complete("export md " + fixtures + "/sess")
        #expect(c.candidates == [fixtures + "/session/"])
        #expect(c.start == "export md ".utf8.count)
    }
}
