@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

/// defuse(1), `defuse help --man`: everything `--help` and the session's
/// `help` know is in it, where a reader looks for it, and groff reads it
/// without a warning.
@Suite struct ManPageTests {
    let roff = ManPage().roff()

    /// The text under `.SH name`, up to the next `.SH`.
    func section(_ name: String) -> String {
        part(of: roff, from: ".SH \(name)\n", upTo: [".SH "])
    }

    /// The text under `.SS name` in `text`, up to the next `.SS` or `.SH`.
    func subsection(_ name: String, in text: String) -> String {
        part(of: text, from: ".SS \(Roff.escape(name))\n", upTo: [".SS ", ".SH "])
    }

    func part(of text: String, from start: String, upTo ends: [String]) -> String {
        guard let range = text.firstRange(of: start) else { return "" }
        var rest = text[range.upperBound...]
        var end = rest.endIndex
        for marker in ends {
            // The text keeps its last newline.
            if let next = rest.firstRange(of: "\n" + marker), next.lowerBound < end { end = rest.index(after: next.lowerBound) }
        }
        rest = rest[..<end]
        return String(rest)
    }

    func bold(_ word: String) -> String { "\\fB" + Roff.escape(word) + "\\fR" }

    @Test func printedByHelpMan() {
        let (status, out, err) = runInMemory(["help", "--man"])
        #expect(status == 0 && err.isEmpty)
        #expect(out == roff)
        #expect(out.hasPrefix(".\\\" defuse(1)"))
    }

    /// Every command with its usage, summary, discussion and every option;
    /// the session's options under OPTIONS, each command's in its own part.
    @Test func everyCommandAndOptionIsInItsPlace() {
        let page = ManPage()
        let synopsis = section("SYNOPSIS")
        let commands = section("COMMANDS")
        #expect(!commands.isEmpty)
        var options = 0
        for command in DefuseCLI.commands {
            let spec = command.spec
            let text = spec.name.isEmpty ? section("OPTIONS") : subsection(spec.name, in: commands)
            #expect(!text.isEmpty, "no part for '\(spec.name)'")
            for usage in spec.usage {
                #expect(synopsis.contains(page.synopsis(usage)), "synopsis: \(usage)")
            }
            #expect(roff.contains(Roff.lines(spec.summary)), "summary of '\(spec.name)'")
            #expect(roff.contains(Roff.discussion(spec.discussion)), "discussion of '\(spec.name)'")
            for option in spec.options {
                for name in option.names {
                    #expect(text.contains(bold(name)), "'\(spec.name)' \(name)")
                }
                // The help text is said in the command's part, or under OPTIONS
                // when it reads the same for the session.
                #expect(text.contains(Roff.lines(option.help)) || section("OPTIONS").contains(Roff.lines(option.help)),
                        "help of '\(spec.name)' \(option.key)")
                if let values = option.values {
                    #expect(text.contains(Roff.usage("<" + values.joined(separator: "|") + ">")) || section("OPTIONS").contains(Roff.escape(values[0])))
                }
                options += 1
            }
        }
        #expect(options > 50)
    }

    @Test func everySessionCommandIsInItsGroup() {
        let text = section("SESSION COMMANDS")
        for command in SessionCommand.all {
            let group = subsection(command.group, in: text)
            for name in command.names {
                #expect(group.contains(bold(name)), "\(command.group): \(name)")
            }
            #expect(group.contains(Roff.lines(command.details)), "details of \(command.names[0])")
        }
        for (usage, _) in SessionCommand.choosing {
            #expect(subsection("Choosing", in: text).contains(Roff.usage(usage)))
        }
    }

    /// A variable that defuse reads and the manual does not name would
    /// surprise someone: the sources are read for `environment["NAME"]`.
    @Test func everyEnvironmentVariableReadIsDocumented() {
        let documented = Set(ManPage.environment.flatMap { $0.0.split(separator: ", ").map(String.init) })
        var read = Set<String>()
        var folders = ["DefuseCore", "DefuseCLI", "LineEditor"].map { packageRoot + "/Sources/" + $0 }
        while let folder = folders.popLast() {
            guard case .success(let names) = FileSystem.list(folder) else { continue }
            for name in names {
                let path = folder + "/" + name
                if case .directory = FileSystem.kind(path) { folders.append(path); continue }
                guard name.hasSuffix(".swift"), let text = fileText(path) else { continue }
                for marker in ["environment[\"", "getenv(\""] {
                    for piece in text.split(separator: marker).dropFirst() {
                        read.insert(String(piece.prefix { $0 != "\"" }))
                    }
                }
            }
        }
        #expect(read.contains("DEFUSE_TREES") && read.contains("NO_COLOR"))
        #expect(read.subtracting(documented).isEmpty, "not in ENVIRONMENT: \(read.subtracting(documented).sorted())")
    }

    @Test func roffEscapesWhatItWouldRead() {
        #expect(Roff.escape("a-b \\ \"q\" é → …") == "a\\-b \\e \\(dqq\\(dq \\[u00E9] \\(-> ...")
        #expect(Roff.lines(".x\n'y\n   z") == "\\&.x\n\\&'y\nz\n")
        #expect(Roff.discussion("Text\n  code -x\nmore") == "Text\n.PP\n.RS 4\n.nf\ncode \\-x\n.fi\n.RE\n.PP\nmore\n")
        #expect(Roff.usage("check [--trees <path>]... TREE[#NODE] [FILE|-]")
                == "check [\\fB\\-\\-trees\\fR \\fIpath\\fR]... \\fITREE\\fR[#\\fINODE\\fR] [\\fIFILE\\fR|\\fB\\-\\fR]")
    }

    /// `groff -man -ww -z` (every warning, no output) says nothing, and the
    /// page as `man` shows it has every part and nothing left of the markup.
    @Test(.enabled(if: installed("groff"), "groff is not installed: 'make setup-test' installs it"))
    func groffReadsItWithoutAWarning() {
        let dir = makeTempDir()
        writeText(dir + "/defuse.1", roff)
        let env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        // As man shows it in a UTF-8 locale, in any other, and for print.
        for device in ["utf8", "ascii", "ps"] {
            let check = runProgram("groff", ["-man", "-ww", "-z", "-T" + device, "defuse.1"], environment: env, cwd: dir)
            #expect(check.status == 0)
            #expect(check.stderr.isEmpty, "groff -T\(device): \(check.stderr)")
        }
        let shown = runProgram("groff", ["-man", "-ww", "-Tutf8", "-P-cbou", "defuse.1"], environment: env, cwd: dir)
        #expect(shown.status == 0 && shown.stderr.isEmpty, "groff: \(shown.stderr)")
        for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "SESSION COMMANDS", "FILES",
                        "ENVIRONMENT", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(shown.stdout.contains("\n" + heading + "\n"), "heading \(heading)")
        }
        let lines = shown.stdout.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix(".") || $0.contains("\\f") || $0.contains("\\-") }, "markup left over")
        #expect(lines.allSatisfy { $0.count <= 80 }, "a line wider than the page")
        #expect(shown.stdout.contains("defuse completion bash|zsh|fish"))
    }
}
