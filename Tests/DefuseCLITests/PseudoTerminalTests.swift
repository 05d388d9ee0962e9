@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What only a terminal shows: libedit's Tab completion, Up-arrow history,
/// Ctrl-C cancelling a line, Ctrl-D leaving with history saved (mode 0600).
/// Each test runs the built `defuse` on a pseudo-terminal.
@Suite(.serialized) struct PseudoTerminalTests {
    let trees = ["--trees", fixtures + "/session"]

    @Test func tabCompletesCommandsAndTreeIDs() {
        let pty = PTY(trees)
        #expect(pty.waitFor("defuse › "))
        // libedit redraws only what changed, so check what the completed line does.
        let mark = pty.mark
        pty.type("op\t")
        #expect(pty.waitFor("en ", after: mark))
        pty.type("b\t\r")
        #expect(pty.waitFor("Beta › Intro", after: mark))
        #expect(pty.waitFor("b › intro › ", after: mark))
        // A choice label completes from its first letters.
        let mark2 = pty.mark
        pty.type("g\t\r")
        #expect(pty.waitFor("Beta › Stay calm", after: mark2))
        // Ambiguous: Tab lists the candidates.
        let mark3 = pty.mark
        pty.type("goto \t")
        #expect(pty.waitFor("intro", after: mark3))
        #expect(pty.waitFor("calm", after: mark3))
        #expect(pty.waitFor("a#", after: mark3))
        pty.type("\u{15}")  // Ctrl-U clears the line
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    @Test func upArrowRecallsTheLastLine() {
        let pty = PTY(trees)
        #expect(pty.waitFor("defuse › "))
        pty.type("open a\r")
        #expect(pty.waitFor("a › start › "))
        pty.type("1\r")
        #expect(pty.waitFor("a › listen › "))
        let mark = pty.mark
        pty.type("\u{1B}[A")  // Up: "1"
        pty.type("\u{1B}[A")  // Up again: "open a"
        #expect(pty.waitFor("open a", after: mark))
        pty.type("\r")
        #expect(pty.waitFor("a › start › ", after: mark))
        pty.settle()
        pty.type("\u{04}")
        #expect(pty.waitExit() == 0)
    }

    @Test func ctrlCCancelsTheLineAndKeepsTheSession() {
        let pty = PTY(trees)
        #expect(pty.waitFor("defuse › "))
        pty.type("open a\r")
        #expect(pty.waitFor("a › start › "))
        pty.type("this line is abandoned")
        #expect(pty.waitFor("abandoned"))
        let mark = pty.mark
        pty.settle()
        pty.type("\u{03}")
        #expect(pty.waitFor("a › start › ", after: mark))
        pty.type("path\r")
        #expect(pty.waitFor("1. a#start", after: mark))
        #expect(!pty.since(mark).contains("error"), "the cancelled line must not run")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    @Test func ctrlDLeavesAndSavesPrivateHistory() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("defuse › "))
        pty.type("open a\r")
        #expect(pty.waitFor("a › start › "))
        pty.type("open a\r")
        pty.type("1\r")
        #expect(pty.waitFor("a › listen › "))
        pty.settle()
        pty.type("\u{04}")
        #expect(pty.waitExit() == 0)
        let path = home + "/state/defuse/history"
        var st = stat()
        #expect(stat(path, &st) == 0, "history file written")
        #expect(st.st_mode & 0o777 == 0o600)
        let text = fileText(path) ?? ""
        #expect(text.contains("open\\040a"))
        // No consecutive duplicates: "open a" twice in a row is kept once.
        #expect(text.components("open\\040a") == 1)
    }

    @Test func editrcIsHonouredForViKeys() {
        let home = makeTempDir()
        writeText(home + "/.editrc", "bind -v\n")
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("defuse › "))
        let mark = pty.mark
        // vi: Escape to command mode, 0 to the start, D deletes the line, i inserts.
        pty.type("garbage")
        #expect(pty.waitFor("garbage", after: mark))
        pty.type("\u{1B}")
        pty.type("0")
        pty.type("D")
        pty.type("i")
        pty.type("op\tb\r")
        #expect(pty.waitFor("Beta › Intro", after: mark), "Tab still completes in vi insert mode")
        #expect(!pty.since(mark).contains("error"))
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }

    /// Two sessions open at once, with the same state folder: each types its
    /// own lines, both quit (one while the other goes on), and the history
    /// file holds every line of both, each session's in its order.
    @Test func twoSessionsAtOnceKeepBothHistories() {
        let home = makeTempDir()
        let first = PTY(trees, home: home)
        let second = PTY(trees, home: home)
        #expect(first.waitFor("defuse › "))
        #expect(second.waitFor("defuse › "))
        let firstLines = ["trees", "open a", "1", "path"]
        let secondLines = ["help", "open b", "search calm", "lang"]
        let prompts = (["defuse › ", "a › start › ", "a › listen › ", "a › listen › "],
                       ["defuse › ", "b › intro › ", "b › intro › ", "b › intro › "])
        for i in firstLines.indices {
            for (pty, line, prompt) in [(first, firstLines[i], prompts.0[i]), (second, secondLines[i], prompts.1[i])] {
                let mark = pty.mark
                pty.type(line + "\r")
                #expect(pty.waitFor(prompt, after: mark), "\(line)")
            }
        }
        // The first leaves; the second goes on, then leaves too.
        first.settle()
        first.type("quit\r")
        #expect(first.waitExit() == 0)
        let mark = second.mark
        second.type("trees\r")
        #expect(second.waitFor("b › intro › ", after: mark))
        second.settle()
        second.type("\u{04}")
        #expect(second.waitExit() == 0)

        let path = home + "/state/defuse/history"
        let entries = History.read(path)
        let firstSaved = firstLines + ["quit"]
        let secondSaved = secondLines + ["trees"]
        #expect(entries == firstSaved + secondSaved, "the first session's lines, then the second's")
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)

        // A third session recalls the last line of the second.
        let third = PTY(trees, home: home)
        #expect(third.waitFor("defuse › "))
        let recall = third.mark
        third.type("\u{1B}[A")
        #expect(third.waitFor("trees", after: recall))
        third.type("\u{15}quit\r")
        #expect(third.waitExit() == 0)
    }

    @Test func sigtermSavesHistoryToo() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        #expect(pty.waitFor("defuse › "))
        let mark = pty.mark
        pty.type("trees\r")
        // After the command's own output: the greeting lists the trees too.
        #expect(pty.waitFor("[2] b", after: mark))
        pty.settle()
        kill(pty.pid, SIGTERM)
        #expect(pty.waitExit() == 128 + SIGTERM)
        #expect(fileText(home + "/state/defuse/history")?.contains("trees") == true)
    }
}

extension String {
    func components(_ needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let r = rest.firstRange(of: needle) {
            count += 1
            rest = rest[r.upperBound...]
        }
        return count
    }

    /// `path` draws the intensity curve in blocks on a terminal that shows
    /// them, and in digits where it may not (TERM=dumb, a locale that is not
    /// UTF-8, where the prompt is ASCII too: libedit cannot show the rest).
    @Test(arguments: [(["LANG": "C.UTF-8"], "▃▃▆", "›"), (["TERM": "dumb"], "224", "›"), (["LANG": "C"], "224", ">"),
                      (["LANG": "C", "LC_ALL": "C.UTF-8"], "▃▃▆", "›")])
    func theCurveInBlocksOrDigits(_ environment: [String: String], _ curve: String, _ separator: String) {
        let pty = PTY(["--trees", fixtures + "/practice"], environment: environment)
        #expect(pty.waitFor("escalate \(separator) start \(separator) "))
        pty.type("open escalate\r")
        pty.type("1\r")
        #expect(pty.waitFor("escalate \(separator) louder \(separator) "))
        let mark = pty.mark
        pty.type("path\r")
        #expect(pty.waitFor("intensity \(curve) (peak 4 at step 3)", after: mark), "\(environment)")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }
}
