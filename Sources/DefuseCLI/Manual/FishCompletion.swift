/// The fish completion script (`defuse completion fish`).
struct FishCompletion {
    let table: CompletionTable

    func script() -> String {
        let trees = DefuseCLI.treesOption.key
        var s = table.header(.fish, comment: "#", installedAt: "share/fish/vendor_completions.d/defuse.fish",
                             loadNow: "defuse completion fish | source")
        s += """

            # Where the line is: a command's name; 'session' when the first operand is a
            # PATH for the session; 'none' before any operand.
            function __defuse_where
                set -l words (commandline -opc)
                set -e words[1]
                set -l skip 0
                for w in $words
                    if test $skip = 1
                        set skip 0
                        continue
                    end
                    switch $w
                        case --
                            echo session
                            return
                        case \(table.valueTaking.joined(separator: " "))
                            set skip 1
                        case '-*'
                        case \(table.commandNames.joined(separator: " "))
                            echo $w
                            return
                        case '*'
                            echo session
                            return
                    end
                end
                echo none
            end

            function __defuse_in
                contains -- (__defuse_where) $argv
            end

            # The names the trees in use decide ($argv[1]: \(LibraryNames.allCases.map(\.rawValue).joined(separator: ", "))),
            # asked of the defuse being completed, with the \(trees) given on the line.
            function __defuse_listed
                set -l words (commandline -opc)
                set -l exe (string replace -r '^~/' "$HOME/" -- $words[1])
                set -e words[1]
                set -l args
                set -l next 0
                for w in $words
                    set w (string replace -r '^~/' "$HOME/" -- $w)
                    if test $next = 1
                        set -a args \(trees) $w
                        set next 0
                    else if test "$w" = \(trees)
                        set next 1
                    else if string match -q -- '\(trees)=*' $w
                        set -a args \(trees) (string replace -- '\(trees)=' '' $w)
                    end
                end
                command $exe completion --list $argv[1] $args 2>/dev/null
            end

            # The first operand: a command, else what the session takes.
            function __defuse_first
                set -l commands \\

            """
        s += table.commands.map { "        " + quoted($0.name + "\t" + $0.summary) }.joined(separator: " \\\n") + "\n"
        s += """
                set -l token (commandline -ct)
                set -l matching (string match -- "$token*" $commands)
                if set -q matching[1]
                    printf '%s\\n' $matching
                else
                    \(operands(table.session.operands))
                end
            end

            complete -c defuse -f
            complete -c defuse -n '__defuse_in none' -a '(__defuse_first)'
            complete -c defuse -n '__defuse_in session' \(argumentFlags(table.session.operands))

            """
        for option in table.session.options {
            s += line(option, condition: "__defuse_in none session")
        }
        for entry in table.commands {
            s += "\n# defuse \(entry.name)\n"
            s += "complete -c defuse -n '__defuse_in \(entry.name)' \(argumentFlags(entry.operands))\n"
            for option in entry.options {
                s += line(option, condition: "__defuse_in \(entry.name)")
            }
        }
        return s
    }

    /// One `complete` line for an option.
    func line(_ option: OptionSpec, condition: String) -> String {
        var s = "complete -c defuse -n '\(condition)'"
        for name in option.names {
            s += name.hasPrefix("--") ? " -l " + name.dropFirst(2) : (name.count == 2 ? " -s " : " -o ") + name.dropFirst()
        }
        if option.takesValue { s += " -r " + argumentFlags(option.kind) }
        return s + " -d " + quoted(option.help) + "\n"
    }

    /// The flags of `complete` that offer a value of this kind (no files unless `-F`).
    func argumentFlags(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: "-f"
        case .oneOf(let values): "-f -a " + quoted(values.joined(separator: " "))
        case .listed(let names): "-f -a '(__defuse_listed \(names.rawValue))'"
        case .command: "-f -a " + quoted(table.commandNames.joined(separator: " "))
        case .file(nil): "-F"
        case .file(let suffix?): "-f -a " + quoted("(__fish_complete_suffix \(suffix))")
        case .trees: "-f -a '(__fish_complete_suffix .tree)'"
        }
    }

    /// The words that complete an operand of this kind, as a fish command.
    func operands(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: "true"
        case .oneOf(let values): "printf '%s\\n' " + values.map(quoted).joined(separator: " ")
        case .listed(let names): "__defuse_listed \(names.rawValue)"
        case .command: "printf '%s\\n' " + table.commandNames.joined(separator: " ")
        case .file(nil): "__fish_complete_path (commandline -ct)"
        case .file(let suffix?): "__fish_complete_suffix \(suffix)"
        case .trees: "__fish_complete_suffix .tree"
        }
    }

    /// A fish single-quoted word: only \ and ' are special in it.
    func quoted(_ word: String) -> String {
        var out = "'"
        for c in word {
            if c == "\\" || c == "'" { out.append("\\") }
            out.append(c)
        }
        return out + "'"
    }
}
