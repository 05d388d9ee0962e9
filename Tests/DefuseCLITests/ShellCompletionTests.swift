@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The scripts of `defuse completion bash|zsh|fish`, run by the real shells
/// against the defuse just built (first in PATH): each shell completes every
/// line of `cases`, and what it offers must be exactly what the tables say.
/// A shell that is not installed skips its test ('make test' installs them,
/// through 'make setup-test').
@Suite struct ShellCompletionTests {
    /// A line as typed before Tab, and the words the shell must offer.
    struct Case: CustomStringConvertible {
        var line: String
        var expected: Set<String>
        var description: String { "'\(line)'" }
    }

    static let session = fixtures + "/session"
    static let crosstree = fixtures + "/crosstree"

    /// Folders for the scripts and the drivers, and files to complete:
    /// files/a.json, b.txt, c.tree and sub/.
    static let workspace: String = {
        let dir = makeTempDir()
        for sub in ["bash", "zsh", "fish", "files", "files/sub", "home", "home/trees", "home/trees/d"] { mkdir(dir + "/" + sub, 0o755) }
        for file in ["files/a.json", "files/b.txt", "files/c.tree", "home/trees/t.tree", "home/trees/x.txt"] { writeText(dir + "/" + file, "") }
        writeText(dir + "/bash/defuse", runDefuse(["completion", "bash"]).stdout)
        writeText(dir + "/zsh/_defuse", runDefuse(["completion", "zsh"]).stdout)
        writeText(dir + "/fish/defuse.fish", runDefuse(["completion", "fish"]).stdout)
        writeText(dir + "/bash-driver.sh", bashDriver)
        writeText(dir + "/zsh-driver.zsh", zshDriver)
        writeText(dir + "/fish-driver.fish", fishDriver)
        return dir
    }()

    static func ids(_ path: String) -> Set<String> {
        Set(Loader().load(paths: [path]).library.trees.map(\.id))
    }

    /// The lines every shell completes, with DEFUSE_TREES set to the session
    /// fixtures and the workspace as the current folder.
    static var cases: [Case] {
        let table = CompletionTable()
        let commands = Set(table.commandNames)
        let library = Loader().load(paths: [session]).library
        var cases: [Case] = [
            Case(line: "defuse ", expected: commands),
            Case(line: "defuse c", expected: commands.filter { $0.hasPrefix("c") }),
            Case(line: "defuse --open ", expected: ids(session)),
            Case(line: "defuse --json --open ", expected: ids(session)),
            Case(line: "defuse --trees \(crosstree) --open ", expected: ids(crosstree)),
            Case(line: "defuse --trees=\(crosstree) --open ", expected: ids(crosstree)),
            Case(line: "defuse \(session)/a.tree --open ", expected: ids(session + "/a.tree")),
            Case(line: "defuse graph ", expected: ids(session)),
            Case(line: "defuse paths --trees \(crosstree) ", expected: ids(crosstree)),
            Case(line: "defuse paths --json ", expected: ids(session)),
            Case(line: "defuse --color never graph ", expected: ids(session)),
            Case(line: "defuse paths --to ", expected: Set(library.outcomes)),
            Case(line: "defuse --lang ", expected: Set(library.languages)),
            Case(line: "defuse --color ", expected: Set(Style.Mode.allCases.map(\.rawValue))),
            Case(line: "defuse check --color=", expected: Set(Style.Mode.allCases.map(\.rawValue))),
            Case(line: "defuse graph --format ", expected: Set(GraphExport.Format.allCases.map(\.rawValue))),
            Case(line: "defuse completion ", expected: Set(Shell.allCases.map(\.rawValue))),
            Case(line: "defuse completion --list ", expected: Set(LibraryNames.allCases.map(\.rawValue))),
            Case(line: "defuse help ", expected: commands),
            Case(line: "defuse check --st", expected: ["--strict"]),
            Case(line: "defuse files/c.tree --op", expected: ["--open"]),
            // Files: a command's own kind, and folders to go into.
            Case(line: "defuse replay files/", expected: ["a.json", "sub"]),
            Case(line: "defuse graph --path files/", expected: ["a.json", "sub"]),
            Case(line: "defuse check files/", expected: ["c.tree", "sub"]),
            Case(line: "defuse files/", expected: ["c.tree", "sub"]),
            Case(line: "defuse check ~/trees/", expected: ["t.tree", "d"]),
            Case(line: "defuse run files/", expected: ["a.json", "b.txt", "c.tree", "sub"]),
            // A value that is free text gets nothing, not file names.
            Case(line: "defuse walk a --random ", expected: []),
        ]
        // Every command's options, straight from the table.
        cases.append(Case(line: "defuse -", expected: Set(table.session.options.flatMap(\.names))))
        for command in table.commands {
            cases.append(Case(line: "defuse \(command.name) -", expected: Set(command.options.flatMap(\.names))))
        }
        return cases
    }

    @Test(.enabled(if: installed("bash"), "bash is not installed"))
    func bash() {
        check(.bash, run(["bash", "--norc", "--noprofile", "bash-driver.sh", "bash/defuse"]))
    }

    @Test(.enabled(if: installed("zsh"), "zsh is not installed: 'make setup-test' installs it"))
    func zsh() {
        check(.zsh, run(["zsh", "-f", "zsh-driver.zsh", "zsh"]))
    }

    @Test(.enabled(if: installed("fish"), "fish is not installed: 'make setup-test' installs it"))
    func fish() {
        check(.fish, run(["fish", "--no-config", "fish-driver.fish", "fish/defuse.fish"]))
    }

    /// Each shell reads its script without a syntax error.
    @Test func syntax() {
        for (shell, args) in [("bash", ["-n", "bash/defuse"]), ("zsh", ["-n", "zsh/_defuse"]), ("fish", ["--no-execute", "fish/defuse.fish"])]
        where installed(shell) {
            let r = runProgram(shell, args, environment: Self.environment, cwd: Self.workspace)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(shell): \(r.stderr)")
        }
    }

    static var environment: [String: String] {
        ["PATH": FileSystem.dirName(defuseBinary) + ":/usr/bin:/bin", "HOME": workspace + "/home",
         "DEFUSE_TREES": session, "LANG": "C.UTF-8", "TERM": "xterm"]
    }

    /// Runs a driver on every case; returns what the shell offered for each.
    func run(_ command: [String]) -> [[String]] {
        let r = runProgram(command[0], Array(command.dropFirst()) + Self.cases.map(\.line),
                           environment: Self.environment, cwd: Self.workspace)
        #expect(r.status == 0, "\(command[0]) ended with \(r.status): \(r.stderr)")
        #expect(r.stderr.isEmpty, "\(command[0]) said: \(r.stderr)")
        var blocks = r.stdout.split(separator: "<case>\n", omittingEmptySubsequences: false).map(String.init)
        blocks.removeLast()  // after the last case
        return blocks.map { block in block.split(separator: "\n").map(String.init) }
    }

    func check(_ shell: Shell, _ offered: [[String]]) {
        let cases = Self.cases
        #expect(offered.count == cases.count, "\(shell): \(offered.count) answers for \(cases.count) lines")
        for (c, words) in zip(cases, offered) {
            #expect(Set(words.map(Self.normalized)) == c.expected, "\(shell) on \(c)")
        }
    }

    /// A candidate as a word: without fish's description, an option's
    /// `--name=` in front of its value, a file's folder and a folder's
    /// trailing slash (zsh offers names within the folder typed, the others
    /// the whole path).
    static func normalized(_ word: String) -> String {
        var w = String(word.prefix { $0 != "\t" })
        if w.hasPrefix("-"), let eq = w.firstIndex(of: "=") { w = String(w[w.index(after: eq)...]) }
        if w.hasSuffix("/") { w.removeLast() }
        return String(w.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// Bash: each line split as readline does (at blanks, and '=' a word of
    /// its own), COMP_WORDS and COMP_CWORD set, the function called.
    static let bashDriver = """
        source "$1"
        shift
        for line in "$@"; do
            read -ra words <<< "${line//=/ = }"
            [[ $line == *" " ]] && words+=("")
            COMP_WORDS=("${words[@]}")
            COMP_CWORD=$(( ${#words[@]} - 1 ))
            COMP_LINE=$line
            COMP_POINT=${#line}
            COMPREPLY=()
            _defuse defuse "${words[COMP_CWORD]}" "${words[COMP_CWORD-1]}"
            (( ${#COMPREPLY[@]} )) && printf '%s\\n' "${COMPREPLY[@]}"
            echo '<case>'
        done

        """

    /// Fish: `complete -C` prints what Tab would offer.
    static let fishDriver = """
        source $argv[1]
        for line in $argv[2..-1]
            complete -C $line
            echo '<case>'
        end

        """

    /// Zsh completes only in its line editor, so an interactive zsh runs on a
    /// pseudo-terminal (zpty), with the script in $fpath and compinit run;
    /// `compadd`, which every completion function ends in, is wrapped to
    /// print the matches it is given for the word on the line. Each line is
    /// typed with a Tab; a hook after each completion (set again each time:
    /// zsh empties the list before it calls them) marks the end.
    static let zshDriver = """
        zmodload zsh/zpty || exit 3
        zpty z zsh -f -i
        zpty -w z "PS1=''; fpath=(${(q)1} \\$fpath); autoload -Uz compinit; compinit -u -D"
        zpty -w z "unsetopt auto_list; bindkey '^I' complete-word; bindkey '^U' kill-whole-line"
        zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi; local -a m; builtin compadd -O m "$@"; (( $#m )) && print -rl -- "<m>"${^m}; builtin compadd "$@"; }'
        zpty -w z '_defuse_test_end() { print -r -- "<end>"; comppostfuncs=(_defuse_test_end) }; comppostfuncs=(_defuse_test_end)'
        zpty -w z 'print -r -- "<""ready>"'
        # Reads what the shell prints until $1 shows; the test's timeout ends a hang.
        readto() {
          local chunk
          REPLY=''
          while [[ $REPLY != *$1* ]]; do
            zpty -r z chunk || return 1
            REPLY+=$chunk
          done
        }
        readto '<ready>' || exit 4
        shift
        local -a lines
        for line in "$@"; do
          zpty -n -w z "$line"$'\\t'
          readto '<end>' || exit 5
          lines=(${(f)REPLY//$'\\r'/})
          lines=(${(M)lines:#*'<m>'*})
          (( $#lines )) && print -rl -- ${lines##*'<m>'}
          print -r -- '<case>'
          zpty -n -w z $'\\C-u'
        done
        zpty -d z

        """

    /// Which trees a line being completed reads: what `completion --list`
    /// is asked with the words before the cursor.
    @Test func treesOfALine() {
        let env = ["HOME": "/home/sam"]
        func paths(_ line: String) -> [String] {
            CompletionCommand.treePaths(inLine: line.split(separator: " ").map(String.init), environment: env)
        }
        #expect(paths("defuse --open") == [])
        #expect(paths("defuse --trees a --trees=b --trees = c --open") == ["a", "b", "c"])
        #expect(paths("defuse --lang nl x.tree ~/y --json") == ["x.tree", "/home/sam/y"])
        #expect(paths("defuse check --color never p q") == ["p", "q"])
        #expect(paths("defuse graph angry --trees t") == ["t"])
        #expect(paths("defuse -- check") == ["check"])
        #expect(paths("defuse --trees") == [])
        let (status, out, _) = runInMemory(["completion", "--list", "trees", "--", "defuse", "--trees", Self.crosstree, "--open"])
        #expect(status == 0 && out == "first\nsecond\n")
        let (_, session, _) = runInMemory(["completion", "--list", "languages", "--", "defuse", Self.session])
        #expect(session == "en\nnl\n")
    }

    @Test func usageErrors() {
        #expect(runInMemory(["completion"]).0 == 2)
        #expect(runInMemory(["completion", "tcsh"]).2.contains("use bash, zsh or fish"))
        #expect(runInMemory(["completion", "--list", "nodes"]).2.contains("use trees, languages or outcomes"))
    }
}
