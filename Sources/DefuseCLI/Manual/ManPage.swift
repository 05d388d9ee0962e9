import DefuseCore

/// The manual page, defuse(1), in roff: `defuse help --man` prints it and
/// `make install` writes it to PREFIX/share/man/man1/defuse.1.
///
/// What it says about commands, options and session commands comes from the
/// tables that `--help` and the session's `help` print (`DefuseCLI.commands`,
/// `SessionCommand.all`), so a command added there is in the manual too. The
/// prose around them (description, files, environment, exit status,
/// examples) lives here, and only here.
struct ManPage {
    var commands: [Command] = DefuseCLI.commands

    static let name = "de-escalation training in the terminal"

    static let description = """
        defuse loads decision trees for handling angry, rude and abusive customers, lets you
        step through them in a line-editing session, shows the phrases to say at each step,
        and keeps the path you took. Workshop facilitators demo it live (quiz mode lets the
        room answer before the phrases show), with defuse follow on the projector showing the
        room only the node; trainees practise in drill mode, saying their own words before
        they see the playbook's and rating how close they came; service staff and agents
        explore every branch with path counts, random walks, a script mode and JSON output;
        coaches read exported paths as coaching notes (the customer's intensity as a curve,
        the trainee's words, every branch tried) and a workshop's paths as one report.

        A tree is a .tree file: plain UTF-8 text that reads like Markdown, one node under each
        ## heading, its phrases after >, its choices as * label -> target. Translations live in
        language folders (nl/, es/, ...) beside the trees. The README.md of the bundled trees is
        the complete reference for writing them, and defuse check names the file, line and
        column of anything that is off.
        """

    static let session = """
        At the prompt, type a number to take that choice, or words of its label: case and
        accents do not matter, and an answer that fits more than one choice lists them and does
        not move. Everything else is a session command, below. Tab completes commands, tree
        ids, node ids, languages and choice labels; Up recalls earlier lines; Ctrl-C cancels
        the line being typed; Ctrl-D leaves.

        An interactive session is saved as it goes, so defuse --resume picks up one that a
        closed terminal or a crash ended. When standard input is not a terminal, defuse reads
        the commands one per line and prints plain text, with no prompt and no colour (script
        mode); lines starting with # are comments.
        """

    /// FILES: what defuse reads and writes, and where.
    static var files: [(String, String)] {
        let home = StateDirectory(environment: ["HOME": "/HOME"])
        let xdg = StateDirectory(environment: ["XDG_STATE_HOME": "/XDG_STATE_HOME"])
        func shown(_ path: String?) -> String {
            (path ?? "").replacing("/XDG_STATE_HOME", with: "$XDG_STATE_HOME").replacing("/HOME", with: "~")
        }
        return [
            ("./Trees/",
             "The trees a command reads when it is given none and DEFUSE_TREES is not set."),
            ("PREFIX/" + DefuseCLI.installedTrees + "/",
             "The bundled playbook, which make install puts beside the binary (PREFIX/bin/defuse); read when there is no ./Trees. Its README.md is the reference for writing trees, GLOSSARY.md and SOURCES.md the cast, terms and articles behind them."),
            (shown(xdg?.history) + ", else " + shown(home?.history),
             "The lines typed in interactive sessions, which Up recalls. Sessions running at the same time add to it without losing each other's lines. Mode 0600."),
            (shown(xdg?.sessions) + "/, else " + shown(home?.sessions) + "/",
             "One journal for each interactive session: every move, note and word said, one JSON line each, written as it happens, for defuse --resume and defuse follow. The folder is mode 0700."),
            ("$XDG_CONFIG_HOME/defuse/defuserc, else ~/.config/defuse/defuserc",
             "Session commands (lang nl, quiz on) run at the start of every interactive session; --no-rc skips them. An error in it names the file and line, and the session starts anyway."),
            ("FILE.json",
             "A path saved with export json (schema defuse.path/1): what load, replay, coverage, report and graph --path read."),
            ("TREES/LANG/.translated-from/TREE.tree",
             "The English a translation was made from, kept by mark-translated; check warns when the English has changed since."),
            ("TREES/phrasing/LANG.txt",
             "Expressions that check --strict strikes from phrases, by language; a team extends them."),
        ]
    }

    /// ENVIRONMENT: every variable defuse reads (a test checks the sources for more).
    static let environment: [(String, String)] = [
        ("DEFUSE_TREES",
         "The trees to read when a command is given none: .tree files and folders, separated by colons."),
        ("XDG_STATE_HOME",
         "Where history and session journals go: $XDG_STATE_HOME/defuse (an absolute path; else ~/.local/state/defuse)."),
        ("XDG_CONFIG_HOME",
         "Where the rc file is: $XDG_CONFIG_HOME/defuse/defuserc (else ~/.config/defuse/defuserc)."),
        ("HOME",
         "The home folder, for the defaults above."),
        ("NO_COLOR",
         "When set and not empty, no colour or bold unless --color=always asks for it."),
        ("TERM",
         "When dumb, no colour and no block characters."),
        ("LC_ALL, LC_CTYPE, LANG",
         "The first one set says whether the terminal takes UTF-8; without it, bars and curves are drawn in plain characters."),
    ]

    static let exitStatus: [(String, String)] = [
        ("\(ExitCode.success)", "Success: the trees are fine (warnings allowed), every command worked, a path replays cleanly."),
        ("\(ExitCode.failure)", "Errors in the trees, a session or script command that failed, a file that cannot be read, a path that does not replay cleanly."),
        ("\(ExitCode.usage)", "A usage error: an unknown command or option, a bad value."),
        ("128+N", "Ended by signal N: 130 after Ctrl-C in script mode, 129 when the terminal closed (SIGHUP), 143 after SIGTERM."),
    ]

    static let examples: [(String, String)] = [
        ("Step through the bundled trees, opening one in Dutch:",
         "defuse --open angry --lang nl"),
        ("Run commands without a prompt, and a saved script:",
         "defuse -c 'open angry; 1; path'\ndefuse run workshop-demo.defuse"),
        ("Check your own trees, with the lint, as a team's CI would:",
         "defuse check --strict my-team.tree"),
        ("How many ways through a tree, and a hundred random walks through it:",
         "defuse paths angry --count\ndefuse walk angry --random 100 --seed 7"),
        ("Draw a tree, with a saved path highlighted:",
         "defuse graph angry --path walk.json | dot -Tsvg > angry.svg"),
        ("What changed since a path was saved, and what a workshop left untried:",
         "defuse replay walk.json\ndefuse coverage workshop/"),
        ("A workshop's saved paths on one page:",
         "defuse report workshop/ -o workshop-report.md"),
        ("A trainee's drill, and the room's view of it in a second terminal:",
         "defuse --drill --open angry\ndefuse follow"),
        ("Lay trees out the canonical way, and bring a translation up to date:",
         "defuse fmt --check Trees\ndefuse mark-translated Trees/nl/angry.tree --node listen"),
        ("Tab completion in the shell at hand (make install sets it up for good):",
         "source <(defuse completion bash)"),
    ]

    func roff() -> String {
        let named = commands.filter { !$0.spec.name.isEmpty }
        guard let root = commands.first(where: { $0.spec.name.isEmpty })?.spec else { return "" }
        var s = """
            .\\" defuse(1), made by 'defuse help --man' from defuse's own tables: edit those
            .\\" (Sources/DefuseCLI), not this.
            .TH DEFUSE 1 "" "defuse \(DefuseCLI.version)" "User Commands"
            .SH NAME
            defuse \\- \(Roff.escape(Self.name))
            .SH SYNOPSIS

            """
        for spec in [root] + named.map(\.spec) {
            for usage in spec.usage { s += synopsis(usage) }
        }
        s += ".SH DESCRIPTION\n" + paragraphs(Self.description)
        s += ".PP\n" + Roff.lines(root.summary) + Roff.discussion(root.discussion)
        s += ".SH OPTIONS\n"
        s += options(root.options)
        s += ".SH COMMANDS\n"
        for command in named {
            let spec = command.spec
            s += ".SS \(Roff.escape(spec.name))\n"
            s += spec.usage.map { ".B defuse\n" + usageRest($0) + "\n" }.joined(separator: ".br\n")
            s += ".PP\n" + Roff.lines(spec.summary)
            if !spec.discussion.isEmpty { s += ".PP\n" + Roff.discussion(spec.discussion) }
            // Options that read as they do for the session are named, not repeated.
            let shared = spec.options.filter { o in root.options.contains { $0.names == o.names && $0.help == o.help } }
            s += options(spec.options.filter { o in !shared.contains { $0.names == o.names } })
            if !shared.isEmpty {
                let names = shared.map { option in
                    let names = option.names.map { "\\fB" + Roff.escape($0) + "\\fR" }
                    return names[0] + (names.count > 1 ? " (" + names.dropFirst().joined(separator: ", ") + ")" : "")
                }
                s += ".PP\n" + (shared.count == spec.options.count ? "Options: " : "And ")
                    + OptionSpec.alternatives(names).replacing(" or ", with: " and ") + ", as in OPTIONS above.\n"
            }
        }
        s += ".SH SESSION COMMANDS\n" + paragraphs(Self.session)
        s += ".SS Choosing\n"
        for (usage, summary) in SessionCommand.choosing {
            s += ".TP\n" + Roff.usage(usage) + "\n" + Roff.lines(summary.prefix(1).uppercased() + summary.dropFirst() + ".")
        }
        var group = ""
        for command in SessionCommand.all {
            if command.group != group {
                group = command.group
                s += ".SS \(Roff.escape(group))\n"
            }
            s += ".TP\n" + sessionUsage(command.usage) + "\n" + Roff.lines(command.details)
            if command.names.count > 1 {
                s += "Also: " + command.names.dropFirst().map { "\\fB" + Roff.escape($0) + "\\fR" }.joined(separator: ", ") + ".\n"
            }
        }
        s += ".SH FILES\n" + list(Self.files, bold: false)
        s += ".SH ENVIRONMENT\n" + list(Self.environment, bold: true)
        s += ".SH EXIT STATUS\n" + list(Self.exitStatus, bold: true)
        s += ".SH EXAMPLES\n"
        for (what, lines) in Self.examples {
            s += ".PP\n" + Roff.lines(what) + ".PP\n.RS 4\n.nf\n"
            s += lines.split(separator: "\n").map { Roff.protect(Roff.escape(String($0))) + "\n" }.joined()
            s += ".fi\n.RE\n"
        }
        s += ".SH SEE ALSO\n"
        s += "\\fBdot\\fR(1), and the README.md of the bundled trees, the reference for writing them.\n"
        return s
    }

    /// `defuse check [--trees <path>]...` as a synopsis line.
    func synopsis(_ usage: String) -> String {
        ".SY defuse\n" + usageRest(usage) + "\n.YS\n"
    }

    /// A usage line after `defuse`: the command's name bold, the rest in the man style.
    func usageRest(_ usage: String) -> String {
        let name = usage.prefix { $0 != " " }
        guard commands.contains(where: { !$0.spec.name.isEmpty && $0.spec.name == name }) else { return Roff.usage(usage) }
        return "\\fB" + Roff.escape(String(name)) + "\\fR" + Roff.usage(String(usage.dropFirst(name.count)))
    }

    /// A session command's usage, its name bold.
    func sessionUsage(_ usage: String) -> String {
        let name = usage.prefix { $0 != " " }
        return "\\fB" + Roff.escape(String(name)) + "\\fR" + Roff.usage(String(usage.dropFirst(name.count)))
    }

    func options(_ options: [OptionSpec]) -> String {
        var s = ""
        for option in options {
            var head = option.names.map { "\\fB" + Roff.escape($0) + "\\fR" }.joined(separator: ", ")
            if let placeholder = option.valuePlaceholder {
                head += " " + Roff.usage(placeholder)
            }
            s += ".TP\n" + head + "\n" + Roff.lines(option.help)
        }
        return s
    }

    func paragraphs(_ text: String) -> String {
        text.split(separator: "\n\n").map { ".PP\n" + Roff.lines(String($0)) }.joined()
    }

    func list(_ items: [(String, String)], bold: Bool) -> String {
        items.map { term, text in
            ".TP\n" + (bold ? "\\fB" + Roff.escape(term) + "\\fR" : "\\fI" + Roff.escape(term) + "\\fR") + "\n" + Roff.lines(text)
        }.joined()
    }
}
