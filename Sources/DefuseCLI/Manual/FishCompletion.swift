/// The fish completion script (`defuse completion fish`).
struct FishCompletion {
    let table: CompletionTable

    func script() -> String {
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

            # The names the trees in use decide ($argv[1]: \(LibraryNames.allCases.map(\.rawValue).joined(separator: ", ")),
            # each described as $argv[2]), asked of the defuse being completed, which
            # reads the words before this one.
            function __defuse_listed
                set -l words (commandline -opc)
                set -l exe (string replace -r '^~/' "$HOME/" -- $words[1])
                for name in (command $exe completion --list $argv[1] -- $words 2>/dev/null)
                    printf '%s\\t%s\\n' $name $argv[2]
                end
            end

            # Files that end in $argv[1], and folders to go into.
            function __defuse_files
                set -l token (commandline -ct)
                for f in (complete -C "__fish_command_without_completions $token" | string split -f1 \\t)
                    if string match -q -- '*/' $f; or string match -q -- "*$argv[1]" $f
                        printf '%s\\t%s\\n' $f $argv[2]
                    end
                end
            end

            # The first operand: a command, else what the session takes.
            function __defuse_first
                set -l commands \\

            """
        s += table.commands.map { "        " + quoted($0.name) + "\\t" + quoted($0.summary) }.joined(separator: " \\\n") + "\n"
        s += """
                set -l token (commandline -ct)
                set -l matching (string match -- "$token*" $commands)
                if set -q matching[1]
                    printf '%s\\n' $matching
                else
                    \(operands(table.session.operands, noun: CompletionTable.noun(table.session.operands)))
                end
            end

            complete -c defuse -f
            complete -c defuse -n '__defuse_in none' -a '(__defuse_first)'
            complete -c defuse -n '__defuse_in session' \(argumentFlags(table.session.operands, noun: CompletionTable.noun(table.session.operands)))

            """
        for option in table.session.options {
            s += line(option, condition: "__defuse_in none session")
        }
        for entry in table.commands {
            s += "\n# defuse \(entry.name)\n"
            s += "complete -c defuse -n '__defuse_in \(entry.name)' \(argumentFlags(entry.operands, noun: CompletionTable.noun(entry.operands)))\n"
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
        if option.takesValue { s += " -r " + argumentFlags(option.kind, noun: option.values == nil ? CompletionTable.noun(option.kind) : option.valueName ?? "value") }
        return s + " -d " + quoted(option.help) + "\n"
    }

    /// The flags of `complete` that offer a value of this kind, each
    /// described as `noun` (no files unless `-F`).
    func argumentFlags(_ kind: ArgumentKind, noun: String) -> String {
        switch kind {
        case .text: "-f"
        case .file(nil): "-F"
        default: "-f -a " + quoted("(" + operands(kind, noun: noun) + ")")
        }
    }

    /// A fish command that prints the words completing a value of this
    /// kind, each with `noun` as its description.
    func operands(_ kind: ArgumentKind, noun: String) -> String {
        let described = quoted("%s\\t" + noun + "\\n")
        switch kind {
        case .text: return "true"
        case .oneOf(let values): return "printf \(described) " + values.map(quoted).joined(separator: " ")
        case .listed(let names): return "__defuse_listed \(names.rawValue) " + quoted(noun)
        case .command: return "printf \(described) " + table.commandNames.joined(separator: " ")
        case .file(let suffix): return "__defuse_files " + quoted(suffix ?? "") + " " + quoted(noun)
        case .trees: return "__defuse_files .tree " + quoted(noun)
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
