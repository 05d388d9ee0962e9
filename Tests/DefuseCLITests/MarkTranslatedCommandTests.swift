import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Editing one English phrase makes `defuse check` warn about exactly the
/// four translations of that node; marking them up to date silences it.
@Suite struct MarkTranslatedCommandTests {
    /// A copy of the bundled trees (records included) in a new folder.
    func copyOfTrees() -> String {
        let dir = makeTempDir() + "/Trees"
        copyFolder(packageRoot + "/Trees", to: dir)
        return dir
    }

    @Test func oneEnglishPhraseChangedWarnsInEachTranslationUntilMarked() throws {
        let trees = copyOfTrees()
        var english = try #require(fileText(trees + "/angry.tree"))
        #expect(english.contains("> Please go on, I'm listening."))
        english = english.replacingFirst("> Please go on, I'm listening.", with: "> Please go on; I'm listening.")
        writeText(trees + "/angry.tree", english)

        let check = runDefuse(["check", "--color=never", trees])
        #expect(check.status == 0, "warnings only")
        let warnings = check.stdout.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings.count == 4, "\(check.stdout)")
        for lang in ["el", "es", "fi", "nl"] {
            let translation = try #require(fileText(trees + "/\(lang)/angry.tree"))
            let line = translation.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("## listen:") }! + 1
            #expect(warnings.contains { $0.hasPrefix("\(trees)/\(lang)/angry.tree:\(line):1: warning: the English of 'listen' changed since this translation: phrase 1: “Please go on, I'm listening.” → “Please go on; I'm listening.”") },
                    "\(lang) at line \(line)")
        }

        // One translation brought up to date: three warnings left.
        let one = runDefuse(["mark-translated", "--trees", trees, trees + "/nl/angry.tree", "--node", "listen"])
        #expect(one.status == 0 && one.stdout == "\(trees)/nl/angry.tree: 'listen' up to date with angry.tree\n")
        #expect(runDefuse(["check", trees]).stdout.split(separator: "\n").count == 3)

        // The other three, by their folders.
        let rest = runDefuse(["mark-translated", "--trees", trees, "--node", "listen", trees + "/es", trees + "/el", trees + "/fi"])
        #expect(rest.status == 0, "\(rest.stderr)")
        let after = runDefuse(["check", "--strict", trees])
        #expect(after.stdout == "" && after.stderr.contains("0 errors, 0 warnings"), "\(after.stdout)")
    }

    @Test func whatIsNotATranslationIsSaid() {
        let trees = copyOfTrees()
        let r = runDefuse(["mark-translated", "--trees", trees, trees + "/angry.tree"])
        #expect(r.status == 1 && r.stderr.contains("no translation of the loaded trees"))
        let node = runDefuse(["mark-translated", "--trees", trees, trees + "/nl/angry.tree", "--node", "nowhere"])
        #expect(node.status == 1 && node.stderr.contains("no node 'nowhere'"))
        let none = runDefuse(["mark-translated"])
        #expect(none.status == 2)
    }
}
