import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Autosave under a pseudo-terminal: a session killed with SIGKILL in the
/// middle, then `defuse --resume` with every step and note back.
@Suite(.serialized) struct ResumeTests {
    let trees = ["--trees", fixtures + "/export/trees"]

    func journals(_ home: String) -> [String] {
        (try? FileSystem.list(home + "/state/defuse/sessions").get()) ?? []
    }

    /// Types `line` and waits for `prompt` to come back after it.
    func send(_ pty: PTY, _ line: String, until prompt: String) {
        let mark = pty.mark
        pty.type(line + "\r")
        #expect(pty.waitFor(prompt, after: mark), "no '\(prompt)' after '\(line)': \(pty.since(mark))")
    }

    @Test func killNineThenResumeBringsBackEveryStepAndNote() {
        let home = makeTempDir()
        let first = PTY(trees, home: home)
        #expect(first.waitFor("defuse › "))
        send(first, "open desk", until: "desk › greet › ")
        send(first, "1", until: "desk › refund › ")
        send(first, "note first note", until: "Noted on desk#refund.")
        send(first, "back", until: "desk › greet › ")
        send(first, "2", until: "calls › calm › ")
        send(first, "note second note", until: "Noted on calls#calm.")
        send(first, "restart", until: "calls › calm › ")
        send(first, "goto desk#refund", until: "desk › refund › ")
        send(first, "note third note", until: "Noted on desk#refund.")
        kill(first.pid, SIGKILL)
        #expect(first.waitExit() == 128 + SIGKILL)
        let left = journals(home)
        #expect(left.count == 1 && left[0].hasSuffix(".journal"), "\(left)")

        let second = PTY(trees + ["--resume"], home: home)
        #expect(second.waitFor("Resumed the session of "))
        #expect(second.waitFor(": 4 steps, 3 notes, at desk#refund."))
        #expect(second.waitFor("desk › refund › "))
        let mark = second.mark
        second.type("path\r")
        #expect(second.waitFor("← you are here", after: mark))
        let path = second.since(mark)
        for expected in ["1. desk#greet", "└ [2] They shout | loudly", "2. calls#calm", "✎ second note",
                         "└ restart", "3. calls#calm", "└ goto", "4. desk#refund", "✎ third note"] {
            #expect(path.contains(expected), "missing '\(expected)' in \(path)")
        }
        // The step undone by 'back' is kept, with its note, as a branch tried from desk#greet.
        #expect(path.contains("↳ tried, then undone:"), "\(path)")
        #expect(path.contains("[1] They ask for a refund → desk#refund"), "\(path)")
        #expect(path.contains("✎ first note"), "\(path)")
        // The resumed session keeps journaling in the same file; quitting closes it.
        send(second, "1", until: "desk › done › ")
        second.type("quit\r")
        #expect(second.waitExit() == 0)
        #expect(journals(home) == [left[0] + ".done"])
        let text = fileText(home + "/state/defuse/sessions/" + left[0] + ".done") ?? ""
        #expect(text.contains("\"node\":\"done\""))
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").last?.hasPrefix("{\"event\":\"end\"") == true)
    }

    @Test func anUnwritableStateFolderWarnsAndTheSessionGoesOn() {
        let home = makeTempDir()
        writeText(home + "/state", "a file, not a folder")
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("warning: autosave is off: cannot create \(home)/state/defuse: Not a directory"))
        #expect(pty.waitFor("defuse › "))
        send(pty, "open desk", until: "desk › greet › ")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    @Test func nothingToResume() {
        let home = makeTempDir()
        let r = runDefuse(trees + ["--resume", "-c", "path"], environment: ["HOME": home, "XDG_STATE_HOME": home + "/state"])
        #expect(r.status == 1)
        #expect(r.stderr == "defuse: no unfinished session to resume (in \(home)/state/defuse/sessions)\n")
    }

    @Test func aCleanQuitLeavesNothingToResumeAndScriptsAreNotJournaled() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("defuse › "))
        send(pty, "open desk", until: "desk › greet › ")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
        let names = journals(home)
        #expect(names.count == 1 && names[0].hasSuffix(".journal.done"), "\(names)")
        let r = runDefuse(trees + ["-c", "open desk; 1"], environment: ["HOME": home, "XDG_STATE_HOME": home + "/state"])
        #expect(r.status == 0)
        #expect(journals(home) == names)
    }
}
