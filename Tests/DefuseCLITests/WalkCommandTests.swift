import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct WalkCommandTests {
    @Test func seededWalksRepeat() throws {
        let dir = Fixture.dir(["small.tree": Fixture.small])
        let a = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7"])
        let b = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7"])
        let c = Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "8"])
        #expect(a.status == 0, "\(a.err)")
        #expect(a.out == b.out)
        #expect(a.out != c.out)
        #expect(a.out.contains("50 walks from small#s (seed 7; --seed 7 repeats them)"))
        let json = try Fixture.json(Fixture.run(["walk", "small", "--trees", dir, "--random", "50", "--seed", "7", "--json"]).out)
        let walks = json["walks"]?.arrayValue ?? []
        #expect(walks.count == 50)
        let outcomes = json["summary"]?["outcomes"]?.arrayValue ?? []
        #expect(outcomes.compactMap { $0["walks"]?.intValue }.reduce(0, +) == 50)
        // Each walk's outcome is the outcome of its last node.
        for w in walks {
            let last = w["nodes"]?.arrayValue?.last?.stringValue
            let outcome = w["outcome"]?.stringValue
            #expect((last == "small#good" && outcome == "resolved") || (last == "small#bad" && outcome == "ended"))
        }
        #expect(Fixture.run(["walk", "small", "--trees", dir, "--random", "0"]).status == 2)
        #expect(Fixture.run(["walk", "small", "--trees", dir]).status == 2)
        #expect(Fixture.run(["walk", "small", "--trees", dir, "--random", "3", "--seed", "-1"]).status == 2)
    }
}
