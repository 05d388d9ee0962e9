/// The zsh completion script (`defuse completion zsh`): a `#compdef` function
/// for a folder in `$fpath`, which also works when sourced.
struct ZshCompletion {
    let table: CompletionTable

    func script() -> String {
        var s = "#compdef defuse\n"
        s += table.header(.zsh, comment: "#", installedAt: "share/zsh/site-functions/_defuse (a folder in $fpath)",
                          loadNow: "source <(defuse completion zsh), after compinit")
        s += """

            # The names the trees in use decide ($1: \(LibraryNames.allCases.map(\.rawValue).joined(separator: ", ")); $2 says
            # what they are), asked of the defuse being completed, which reads the words
            # before this one.
            _defuse_listed() {
              local -a names expl
              local exe=${(Q)_defuse_line[1]}
              [[ $exe == '~/'* ]] && exe=$HOME/${exe#'~/'}
              names=(${(f)"$(command $exe completion --list $1 -- "${(@Q)_defuse_line[1,_defuse_cursor-1]}" 2>/dev/null)"})
              _wanted $1 expl $2 compadd -a names
            }

            # The first operand: a command, else what the session takes.
            _defuse_first() {
              local -a commands=(

            """
        for entry in table.commands {
            s += "    " + quoted(entry.name + ":" + entry.summary) + "\n"
        }
        s += """
              )
              _describe -t commands 'defuse command' commands && return 0
              \(action(table.session.operands))
            }

            _defuse() {
              local curcontext=$curcontext ret=1 i skip=0 cmd=
              local -a _defuse_line=("${words[@]}")
              local -i _defuse_cursor=$CURRENT
              # The command: the first word that is neither an option nor an option's value.
              for (( i = 2; i < CURRENT; i++ )); do
                if (( skip )); then skip=0; continue; fi
                case $words[i] in
                  (--) break ;;
                  (\(table.valueTaking.joined(separator: "|"))) skip=1 ;;
                  (-*) ;;
                  (*) cmd=$words[i]; break ;;
                esac
              done
              case $cmd in
                (\(table.commandNames.joined(separator: "|")))
                  # From the command on, as if it were the whole line.
                  words=("${(@)words[i,-1]}")
                  (( CURRENT -= i - 1 ))
                  curcontext=${curcontext%:*:*}:defuse-$cmd:
                  ;;
              esac
              case $cmd in

            """
        for entry in table.commands {
            s += "    (\(entry.name))\n      _arguments -S \\\n"
            s += specs(entry.options).map { "        " + $0 + " \\\n" }.joined()
            s += "        " + operandSpec(entry.operands) + " && ret=0\n      ;;\n"
        }
        s += "    (*)\n      # The session: its options, and a command or its PATHs.\n      _arguments -S \\\n"
        s += specs(table.session.options).map { "        " + $0 + " \\\n" }.joined()
        s += "        ': :_defuse_first' \\\n"
        s += "        " + operandSpec(table.session.operands) + " && ret=0\n      ;;\n"
        s += """
              esac
              return ret
            }

            if [[ $funcstack[1] == _defuse ]]; then
              _defuse "$@"
            else
              compdef _defuse defuse
            fi

            """
        return s
    }

    /// An option as `_arguments` takes it: `'--color=[help]:when:(auto always never)'`.
    func specs(_ options: [OptionSpec]) -> [String] {
        options.map { option in
            let names = option.names.map { name in
                guard option.takesValue else { return name }
                return name.hasPrefix("--") ? name + "=" : name + "+"
            }
            var tail = "[" + described(option.help) + "]"
            if option.takesValue {
                tail += ":" + (option.valueName ?? "value") + ":" + action(option.kind)
            }
            // '*' for an option given more than once; other spellings of an option
            // are excluded once it is given.
            guard names.count > 1 else { return quoted((option.repeatable ? "*" : "") + names[0] + tail) }
            let head = option.repeatable ? "'*'" : "'(" + option.names.joined(separator: " ") + ")'"
            return head + "{" + names.joined(separator: ",") + "}" + quoted(tail)
        }
    }

    func operandSpec(_ kind: ArgumentKind) -> String {
        quoted("*:" + CompletionTable.noun(kind) + ":" + action(kind))
    }


    /// What completes a value of this kind, as `_arguments` takes it.
    func action(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: " "
        case .oneOf(let values): "(" + values.joined(separator: " ") + ")"
        // A space first: called as it is, without the descriptions _arguments would insert.
        case .listed(let names): " _defuse_listed \(names.rawValue) \(CompletionTable.noun(kind))"
        case .command: "(" + table.commandNames.joined(separator: " ") + ")"
        case .file(let suffix): suffix.map { "_files -g \"*\($0)(-.)\"" } ?? "_files"
        case .trees: "_files -g \"*.tree(-.)\""
        }
    }

    /// Help text for `[...]`: brackets, colons and backslashes escaped.
    func described(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "[" || c == "]" || c == ":" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func quoted(_ word: String) -> String {
        "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
