@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct ArgumentHandlingTests {
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
