import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The rc file (`$XDG_CONFIG_HOME/defuse/defuserc`): session commands run at
/// the start of every interactive session; `--no-rc` skips it, script mode
/// never reads it, and an error in it names the file and line.
@Suite(.serialized) struct RCFileTests {
    let trees = ["--trees", fixtures + "/session"]

    /// A home folder whose rc file (under `config`, relative to it) holds `text`.
    func home(rc text: String, config: String = ".config") -> String {
        let home = makeTempDir()
        _ = FileSystem.makeDirectories(home + "/" + config + "/defuse")
        writeText(home + "/" + config + "/defuse/defuserc", text)
        return home
    }

    @Test func itsCommandsRunBeforeTheFirstPromptAndAnErrorNamesTheLine() {
        let home = home(rc: "# settings for the workshop\nlang nl\r\n\n  qiz on\nquiz on\nopen a\n", config: "c")
        let pty = PTY(trees, environment: ["XDG_CONFIG_HOME": home + "/c"], home: home)
        #expect(pty.waitFor("a › start › "))
        #expect(pty.output.contains("\(home)/c/defuse/defuserc:4:3: error: unknown command 'qiz'; did you mean 'quiz'?"))
        #expect(pty.output.contains("(3 commands from \(home)/c/defuse/defuserc)"))
        #expect(pty.output.contains("Alfa › Begin hier"), "in Dutch, at the tree the rc file opened")
        let mark = pty.mark
        pty.type("1\r")
        #expect(pty.waitFor("a › listen › ", after: mark))
        #expect(pty.since(mark).contains("Verborgen zinnen: 2"), "quiz mode is on")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    @Test func theDefaultPlaceIsUnderHomeAndNoRCSkipsIt() {
        let home = home(rc: "open b\n")
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("b › intro › "))
        #expect(pty.output.contains("(1 command from \(home)/.config/defuse/defuserc)"))
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)

        let skipped = PTY(trees + ["--no-rc"], home: home)
        #expect(skipped.waitFor("defuse › "))
        #expect(!skipped.output.contains("command from"))
        skipped.type("quit\r")
        #expect(skipped.waitExit() == 0)
    }

    @Test func theCommandLineHasTheLastWord() {
        let home = home(rc: "open b\nlang nl\n")
        let pty = PTY(trees + ["--open", "a", "--lang", "en"], home: home)
        #expect(pty.waitFor("a › start › "))
        #expect(pty.output.contains("Alpha › Start here"))
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    @Test func scriptModeDoesNotReadIt() {
        let home = home(rc: "lang nl\nopen b\n")
        let r = runDefuse(trees + ["-c", "lang; path"], environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Language: en."))
        #expect(r.stdout.contains("No steps yet"))
        let piped = runDefuse(trees, stdin: "lang\n", environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        #expect(piped.stdout.hasPrefix("Language: en."))
    }

    @Test func anUnreadableRCFileIsAnErrorAndTheSessionStarts() {
        let home = makeTempDir()
        _ = FileSystem.makeDirectories(home + "/.config/defuse/defuserc")
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("defuse › "))
        #expect(pty.output.contains("\(home)/.config/defuse/defuserc: error: not a regular file; the rc file was not read"))
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }
}
