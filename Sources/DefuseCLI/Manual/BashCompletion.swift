/// The bash completion script (`defuse completion bash`). It stands alone:
/// no bash-completion helpers are needed, so it works wherever it is sourced.
struct BashCompletion {
    let table: CompletionTable

    func script() -> String {
        var s = table.header(.bash, comment: "#", installedAt: "share/bash-completion/completions/defuse",
                             loadNow: "source <(defuse completion bash)")
        s += helpers()
        s += "\n_defuse() {\n"
        s += """
                local cur=${COMP_WORDS[COMP_CWORD]} opt= cmd= seen=0 skip=0 i w
                COMPREPLY=()
                # The option whose value is being completed: bash splits --option=value
                # at the '=' into three words.
                if [[ $cur == = ]]; then
                    opt=${COMP_WORDS[COMP_CWORD-1]}
                    cur=
                elif (( COMP_CWORD > 1 )) && [[ ${COMP_WORDS[COMP_CWORD-1]} == = ]]; then
                    opt=${COMP_WORDS[COMP_CWORD-2]}
                elif (( COMP_CWORD > 1 )) && [[ ${COMP_WORDS[COMP_CWORD-1]} == -* ]]; then
                    opt=${COMP_WORDS[COMP_CWORD-1]}
                fi
                # The command: the first word that is neither an option nor an option's value.
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    w=${COMP_WORDS[i]}
                    if (( skip )); then
                        [[ $w == = ]] || skip=0
                        continue
                    fi
                    case $w in
                        --) seen=1; break ;;
                        \(table.valueTaking.joined(separator: "|"))) skip=1 ;;
                        -*) ;;
                        *) cmd=$w; break ;;
                    esac
                done
                case $cmd in
                    ''|\(table.commandNames.joined(separator: "|"))) ;;
                    *) cmd= seen=1 ;;  # a PATH: the session's operands
                esac

            """
        s += valueCases()
        s += optionCases()
        s += """
                if [[ -z $cmd && $seen == 0 ]]; then
                    # No command yet: the commands, else what the session takes.
                    _defuse_offer \(table.commandNames.joined(separator: " "))
                    (( ${#COMPREPLY[@]} )) && return 0
                fi

            """
        s += operandCases()
        s += "}\n\ncomplete -F _defuse defuse\n"
        return s
    }

    func helpers() -> String {
        """

            # Adds the words that begin with the word being completed ($cur).
            _defuse_offer() {
                local w
                for w in "$@"; do
                    [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
                done
                return 0
            }

            # Files that end in $1 (any file without $1), and folders to go into.
            _defuse_files() {
                local f
                compopt -o filenames 2>/dev/null
                while IFS= read -r f; do
                    [[ -d ${f/#"~/"/$HOME/} || -z $1 || $f == *"$1" ]] && COMPREPLY+=("$f")
                done < <(compgen -f -- "$cur")
                return 0
            }

            # The names the trees in use decide ($1: \(LibraryNames.allCases.map(\.rawValue).joined(separator: ", "))),
            # asked of the defuse being completed, which reads the words before this one.
            _defuse_listed() {
                local -a names=()
                local exe=${COMP_WORDS[0]}
                [[ $exe == "~/"* ]] && exe=$HOME/${exe#"~/"}
                mapfile -t names < <("$exe" completion --list "$1" -- "${COMP_WORDS[@]:0:COMP_CWORD}" 2>/dev/null)
                _defuse_offer "${names[@]}"
            }

            """
    }

    /// What completes a value of this kind.
    func action(_ kind: ArgumentKind) -> String {
        switch kind {
        case .text: ":"
        case .oneOf(let values): "_defuse_offer " + values.map(quoted).joined(separator: " ")
        case .listed(let names): "_defuse_listed " + names.rawValue
        case .command: "_defuse_offer " + table.commandNames.joined(separator: " ")
        case .file(let suffix): "_defuse_files" + (suffix.map { " " + quoted($0) } ?? "")
        case .trees: "_defuse_files .tree"
        }
    }

    /// `COMMAND/--option) action` for every option that takes a value; one
    /// line for the options completed alike.
    func valueCases() -> String {
        var order: [String] = []
        var patterns: [String: [String]] = [:]
        for entry in table.all {
            for option in entry.options where option.takesValue {
                let a = action(option.kind)
                if patterns[a] == nil { order.append(a) }
                patterns[a, default: []] += option.names.map { entry.name + "/" + $0 }
            }
        }
        var s = "    if [[ -n $opt ]]; then\n        case $cmd/$opt in\n"
        for a in order {
            s += "            " + patterns[a]!.joined(separator: "|") + ") " + a + "; return 0 ;;\n"
        }
        return s + "        esac\n    fi\n"
    }

    func optionCases() -> String {
        var s = "    if [[ $cur == -* ]]; then\n        case $cmd in\n"
        for entry in table.commands {
            s += "            \(entry.name)) _defuse_offer \(entry.options.flatMap(\.names).joined(separator: " ")) ;;\n"
        }
        s += "            *) _defuse_offer \(table.session.options.flatMap(\.names).joined(separator: " ")) ;;\n"
        return s + "        esac\n        return 0\n    fi\n"
    }

    func operandCases() -> String {
        var s = "    case $cmd in\n"
        for entry in table.commands {
            s += "        \(entry.name)) \(action(entry.operands)) ;;\n"
        }
        s += "        *) \(action(table.session.operands)) ;;\n"
        return s + "    esac\n"
    }

    func quoted(_ word: String) -> String {
        "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
