import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct StrictCheckTests {
    @Test func strictAddsLintWarnings() throws {
        let lint = Fixture.root + "/Tests/Fixtures/analysis/lint"
        let plain = Fixture.run(["check", lint])
        #expect(plain.status == 0)
        #expect(!plain.out.contains("tagged abusive"))
        let strict = Fixture.run(["check", "--strict", "--max-steps", "3", "--max-phrase-words", "8", lint])
        #expect(strict.status == 0, "warnings only")
        #expect(strict.out.contains("abuse.tree:29:1: warning: tree 'abuse' is tagged abusive, but the path s > a > b > c > wall takes 4 steps"))
        #expect(strict.out.contains("nl/abuse.tree:36:1: warning: phrase in 'wall' has 16 words"))
        let json = try Fixture.json(Fixture.run(["check", "--strict", "--max-steps", "4", "--json", lint]).out)
        let messages = json["diagnostics"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        #expect(!messages.contains { $0.contains("takes 4 steps") }, "4 steps are allowed with --max-steps 4")
        #expect(messages.contains { $0.contains("circle without reaching") })
        #expect(Fixture.run(["check", "--max-steps", "3", lint]).status == 2)
        #expect(Fixture.run(["check", "--strict", "--max-steps", "zero", lint]).status == 2)
    }

    @Test func bundledTreesPassStrict() {
        let r = Fixture.run(["check", "--strict", Fixture.root + "/Trees"])
        #expect(r.status == 0)
        #expect(r.out == "", "\(r.out)")
        #expect(r.err.hasSuffix(": 0 errors, 0 warnings\n"))
    }
}
