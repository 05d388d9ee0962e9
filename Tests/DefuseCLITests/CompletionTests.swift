@testable import DefuseCLI
import DefuseCore
import Testing

@Suite struct CompletionLogic {
    func session(open tree: String? = nil) -> Session {
        let result = Loader().load(paths: [fixtureDir + "/session"])
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
        let c = Completer(session: s).complete("export md " + fixtureDir + "/sess")
        #expect(c.candidates == [fixtureDir + "/session/"])
        #expect(c.start == "export md ".utf8.count)
    }
}

@Suite struct ArgumentHandling {
    @Test func versionAndHelp() {
        let (status, out, _) = runInMemory(["--version"])
        #expect(status == 0)
        #expect(out == "defuse \(DefuseCLI.version)\n")
        let (s2, help, _) = runInMemory(["help", "check"])
        #expect(s2 == 0)
        #expect(help.contains("USAGE: defuse check"))
        let (s3, main, _) = runInMemory(["--help"])
        #expect(s3 == 0)
        #expect(main.contains("COMMANDS:"))
    }

    @Test func unknownFlagsAndCommandsAreUsageErrors() {
        let (s1, _, e1) = runInMemory(["check", "--strcit"])
        #expect(s1 == 2)
        #expect(e1.split(separator: "\n").count == 1)
        #expect(e1.contains("unknown option '--strcit'"))
        let (s2, _, e2) = runInMemory(["chek"])
        #expect(s2 == 2)
        #expect(e2.contains("unknown command 'chek'; did you mean 'check'?"))
        let (s3, _, e3) = runInMemory(["check", "--color"])
        #expect(s3 == 2)
        #expect(e3.contains("needs a value"))
    }

    @Test func optionSpellings() throws {
        let spec = CommandSpec(name: "x", summary: "", usage: [], options: [
            OptionSpec(["--trees"], value: "path", repeatable: true, help: ""),
            OptionSpec(["-c"], value: "cmds", help: ""),
            OptionSpec(["--json"], help: ""),
        ])
        let p = try ParsedArguments.parse(["--trees=a", "--trees", "b", "-cfoo", "--json", "--", "--not-an-option"], spec: spec)
        #expect(p.all("--trees") == ["a", "b"])
        #expect(p.value("-c") == "foo")
        #expect(p.has("--json"))
        #expect(p.positionals == ["--not-an-option"])
    }
}

@Suite struct CheckEndToEnd {
    @Test func bundledTreesAreClean() {
        let r = runDefuse(["check", "--trees", root + "/Trees"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(": 0 errors, 0 warnings"))
    }

    @Test func brokenTreeExitsOneWithLocations() {
        let r = runDefuse(["check", "broken/choices.tree"], cwd: fixtureDir)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("broken/choices.tree:4:1: error: choice without '->'"))
        #expect(r.stderr == "1 tree, 2 nodes: 5 errors, 0 warnings\n")
    }

    @Test func jsonReport() {
        let r = runDefuse(["check", "--json", "broken/bad-start.tree"], cwd: fixtureDir)
        #expect(r.status == 1)
        guard case .success(let json) = JSON.parse(r.stdout) else {
            Issue.record("not JSON: \(r.stdout)")
            return
        }
        #expect(json["errors"]?.intValue == 1)
        #expect(json["diagnostics"]?.arrayValue?.first?["line"]?.intValue == 2)
    }

    @Test func defaultTreesFromEnvironmentAndWorkingFolder() {
        let fromEnv = runDefuse(["check"], environment: ["DEFUSE_TREES": fixtureDir + "/session"], cwd: "/")
        #expect(fromEnv.status == 0)
        #expect(fromEnv.stderr.hasPrefix("2 trees, 7 nodes, 1 translation"))
        let fromCwd = runDefuse(["check"], cwd: root)
        #expect(fromCwd.stderr.hasPrefix("5 trees"))
    }
}
