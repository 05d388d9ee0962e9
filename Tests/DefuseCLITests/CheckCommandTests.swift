@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct CheckCommandTests {
    @Test func bundledTreesAreClean() {
        let r = runDefuse(["check", "--trees", packageRoot + "/Trees"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(": 0 errors, 0 warnings"))
    }

    @Test func brokenTreeExitsOneWithLocations() {
        let r = runDefuse(["check", "broken/choices.tree"], cwd: fixtures)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("broken/choices.tree:4:1: error: choice without '->'"))
        #expect(r.stderr == "1 tree, 2 nodes: 5 errors, 0 warnings\n")
    }

    @Test func jsonReport() {
        let r = runDefuse(["check", "--json", "broken/bad-start.tree"], cwd: fixtures)
        #expect(r.status == 1)
        guard case .success(let json) = JSON.parse(r.stdout) else {
            Issue.record("not JSON: \(r.stdout)")
            return
        }
        #expect(json["errors"]?.intValue == 1)
        #expect(json["diagnostics"]?.arrayValue?.first?["line"]?.intValue == 2)
    }

    @Test func defaultTreesFromEnvironmentAndWorkingFolder() {
        let fromEnv = runDefuse(["check"], environment: ["DEFUSE_TREES": fixtures + "/session"], cwd: "/")
        #expect(fromEnv.status == 0)
        #expect(fromEnv.stderr.hasPrefix("2 trees, 7 nodes, 1 translation"))
        let fromCwd = runDefuse(["check"], cwd: packageRoot)
        #expect(fromCwd.stderr.hasPrefix("5 trees"))
    }
}
