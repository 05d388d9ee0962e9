import DefuseCore
import DefuseTestSupport
import Testing

/// Stale translations: a translation's record of the English it was made
/// from, what changed since, and marking it up to date.
@Suite struct TranslationRecordTests {
    func node(_ text: String) -> Node {
        let (tree, problems) = TreeParser(file: "t.tree").parse("# T\n## n: " + text, defaultID: "t")
        #expect(!problems.contains { $0.severity == .error }, "\(problems)")
        return tree!.nodes[0]
    }

    @Test func whatChangedIsNamedTextByText() {
        let old = node("Title\nSome guidance.\n\n> One.\n\n> Two.\n* Go -> n\n")
        let new = node("Title, changed\nSome guidance.\n\nMore guidance.\n\n> One!\n* Go on -> n\n")
        #expect(TranslationRecord.changes(from: old, to: new) == [
            "title: “Title” → “Title, changed”",
            "guidance paragraph 2 added: “More guidance.”",
            "phrase 1: “One.” → “One!”",
            "phrase 2 removed: “Two.”",
            "choice label 1: “Go” → “Go on”",
        ])
    }

    @Test func layoutIsNotAChange() {
        let old = node("Title\nSome\nguidance.\n\n> One\n> phrase.\n* Go -> n\n")
        let new = node("Title   \nSome guidance.\n// a comment\n> One phrase.   \n*   Go   ->   n\n")
        #expect(TranslationRecord.changes(from: old, to: new).isEmpty)
    }

    @Test func markingOneNodeKeepsTheRecordOfTheOthers() {
        let english = "# T\nid: t\n\n## a: A now\n> new a\n\n## b: B now\n> new b\n\n## c: C\n> c\n"
        let record = "# T\nid: t\n\n## a: A then\n> old a\n\n## b: B then\n> old b\n"
        let marked = TranslationRecord.marked(["b", "c"], english: english, existing: record)
        #expect(marked == "# T\nid: t\n\n## a: A then\n> old a\n\n## b: B now\n> new b\n\n## c: C\n> c\n")
        // All of it: the English as it is, byte for byte.
        #expect(TranslationRecord.marked([], english: english, existing: record) == english)
        // No record yet: the preamble and the nodes marked.
        #expect(TranslationRecord.marked(["a"], english: english, existing: nil) == "# T\nid: t\n\n## a: A now\n> new a\n\n")
    }

    @Test func theRecordOfATranslationIsBesideIt() {
        #expect(TranslationRecord.path(for: "Trees/nl/angry.tree") == "Trees/nl/.translated-from/angry.tree")
    }

    @Test func everyBundledTranslationHasARecordAndNoneIsStale() {
        let result = Loader(checksTranslations: true).load(paths: [packageRoot + "/Trees"])
        #expect(result.unrecorded.map(\.file) == [])
        #expect(result.library.translationCount == 20)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }
}
