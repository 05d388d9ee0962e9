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

    /// An option that takes one of a list accepts exactly that list: parsing,
    /// help, the man page and the completions read the same `values`.
    @Test func listedValuesAreTheOnesParsingAccepts() throws {
        var checked = 0
        for command in DefuseCLI.commands {
            for option in command.spec.options {
                guard let values = option.values else { continue }
                for value in values {
                    let p = try ParsedArguments.parse([option.key, value], spec: command.spec)
                    #expect(p.value(option.key) == value)
                }
                #expect(throws: UsageError.self) { try ParsedArguments.parse(["\(option.key)=nope"], spec: command.spec) }
                do {
                    _ = try ParsedArguments.parse([option.key, "nope"], spec: command.spec)
                    Issue.record("\(option.key) nope was accepted")
                } catch {
                    #expect(error.message == "bad value 'nope' for \(option.key) (use \(OptionSpec.alternatives(values)))")
                }
                #expect(command.spec.helpText().contains("<" + values.joined(separator: "|") + ">"))
                checked += 1
            }
        }
        #expect(checked >= 8)  // --color on seven commands, graph's --format
        #expect(OptionSpec.alternatives(["dot", "mermaid"]) == "dot or mermaid")
        #expect(OptionSpec.alternatives(["auto", "always", "never"]) == "auto, always or never")
    }
}
