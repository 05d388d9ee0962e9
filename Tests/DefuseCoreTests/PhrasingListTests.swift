import DefuseCore
import DefuseTestSupport
import Testing

/// The phrasing lint: lists beside the trees strike phrases a trainer would
/// strike, in every language, ignoring case and accents, by whole words.
@Suite struct PhrasingListTests {
    func list(_ text: String) -> PhrasingList {
        let (list, problems) = PhrasingList.parse(text, file: "x.txt", lang: "en")
        #expect(problems.isEmpty, "\(problems)")
        return list
    }

    func found(_ list: PhrasingList, _ text: String) -> [String] {
        list.matches(in: text).map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
    }

    @Test func wholeWordsCaseAndAccentsIgnored() {
        let l = list("## g: why\ncalm down\nrelax\ncafé au lait\n")
        #expect(found(l, "Please CALM   down.") == ["CALM   down"])
        #expect(found(l, "Relax! relaxed? relaxing") == ["Relax"])
        #expect(found(l, "calmly, downtown") == [])
        #expect(found(l, "un CAFE au lait") == ["CAFE au lait"])
    }

    @Test func aStarMatchesAnyEnding() {
        let l = list("## g: why\nguarantee*\nrauhoittu*\n")
        #expect(found(l, "Guaranteed, I guarantee it.") == ["Guaranteed", "guarantee"])
        #expect(found(l, "Rauhoittukaa nyt") == ["Rauhoittukaa"])
        #expect(found(l, "unguaranteed") == [])
    }

    @Test func punctuationSeparatesWordsOnBothSides() {
        let l = list("## g: why\nό,τι χρειαστεί\nthere's no need\n")
        #expect(found(l, "Θα κάνω ό,τι χρειαστεί.") == ["ό,τι χρειαστεί"])
        #expect(found(l, "Ο,ΤΙ ΧΡΕΙΑΣΤΕΙ") == ["Ο,ΤΙ ΧΡΕΙΑΣΤΕΙ"])
        #expect(found(l, "There’s no need") == ["There’s no need"])
    }

    @Test func mistakesInAListAreNamedWithTheirLines() {
        let (list, problems) = PhrasingList.parse("""
            // comment
            before any group
            ## no-reason
            ## empty: nothing under it
            ## stars: a star in the middle
            gua*rantee
              *
            fine
            """, file: "team.txt", lang: "en")
        #expect(problems.map { "\($0.location) \($0.severity): \($0.message)" } == [
            "team.txt:2:1 error: an expression before any group: start with '## name: why'",
            "team.txt:3:1 error: a group needs a name and why: '## name: why a trainer strikes these'",
            "team.txt:4:1 warning: group 'empty' has no expressions",
            "team.txt:6:1 error: '*' may only end a word ('guarantee*'): 'gua*rantee'",
            "team.txt:7:3 error: '*' needs letters before it: '*'",
        ])
        #expect(list.expressions.map(\.text) == ["fine"])
        #expect(list.groups.map(\.name) == ["empty", "stars"])
    }

    @Test func theLintNamesLineColumnWordsAndWhyInEveryLanguage() {
        let root = fixtures + "/phrasing"
        let result = Loader().load(paths: [root])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let (lists, problems) = PhrasingList.find(beside: [root])
        #expect(problems.isEmpty)
        #expect(lists.keys.sorted() == ["el", "en", "fi"])
        let found = Lint(library: result.library, phrasing: lists).run()
        expectGolden(render(found, relativeTo: fixtures), fixtures + "/phrasing.expected")
    }

    @Test func theBundledListsReadCleanlyAndTheBundledTreesPass() {
        let root = packageRoot + "/Trees"
        let (lists, problems) = PhrasingList.find(beside: [root])
        #expect(problems.isEmpty, "\(problems)")
        #expect(lists.keys.sorted() == ["el", "en", "es", "fi", "nl"])
        for (lang, list) in lists {
            let groups = Set(list.groups.map(\.name))
            #expect(groups.isSuperset(of: ["calm-down", "promise", "whatever-it-costs", "blame"]), "\(lang): \(groups)")
        }
        let result = Loader().load(paths: [root])
        let struck = Lint(library: result.library, phrasing: lists).run().filter { $0.message.contains(" says \"") }
        #expect(struck.isEmpty, "\(struck)")
    }
}
