import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct LintTests {
    @Test func boundaryReach() {
        let result = Loader().load(paths: [fixtures + "/analysis/lint"])
        let found = Lint(library: result.library, options: LintOptions(maxSteps: 3, maxPhraseWords: 8)).run()
        let text = render(found, relativeTo: fixtures + "/analysis")
        expectGolden(text, fixtures + "/analysis/lint.expected")
        #expect(!result.hasErrors, "\(result.diagnostics)")
    }

    @Test func eachAbusiveTreeIsCheckedOnItsOwn() {
        // Two abusive trees share nodes of a third; each gets its own findings.
        let result = loadTexts([
            "one.tree": "# One\ntags: abusive\n## s: S\nsource: x\nGo.\n* in -> x#a\n",
            "two.tree": "# Two\ntags: abusive\n## s: S\nsource: x\nGo.\n* in -> x#b\n",
            "x.tree": """
            # X
            ## a: A
            source: x
            Go.
            * on -> b
            ## b: B
            source: x
            Go.
            * wall -> wall
            * fine -> calm
            ## wall: Wall
            source: x
            tags: boundary
            Stop.
            * done -> calm
            ## calm: Calm
            source: x
            outcome: resolved
            Done.
            """,
        ])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let found = Lint(library: result.library, options: LintOptions(maxSteps: 2)).run().map(\.message)
        #expect(found.filter { $0.contains("a path ends at 'x#calm'") }.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("tree 'one' is tagged abusive, but the path s > x#a > x#b > x#wall takes 3 steps") })
        #expect(!found.contains { $0.hasPrefix("tree 'two' is tagged abusive, but the path") })
    }

    @Test func bundledTreesPassStrict() {
        let result = Loader().load(paths: [packageRoot + "/Trees"])
        let found = Lint(library: result.library).run()
        #expect(found.isEmpty, "\(render(found, relativeTo: packageRoot))")
    }

    @Test func wordCount() {
        #expect(Lint.wordCount("") == 0)
        #expect(Lint.wordCount("  one\ttwo  three ") == 3)
        #expect(Lint.wordCount("Ça va, très bien.") == 4)
    }
}
