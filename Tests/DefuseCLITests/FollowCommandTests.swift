import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `defuse follow`, the room's view, beside a live session: two
/// pseudo-terminals, one driven as a facilitator drives, one read as the
/// projector shows it.
@Suite(.serialized) struct FollowCommandTests {
    /// The last whole frame drawn after `mark`: the view redraws whole from
    /// the top-left corner.
    func screen(_ pty: PTY, after mark: Int) -> [String] {
        // Each frame is ESC [ H, its lines, ESC [ J: the last one complete.
        let frames = pty.since(mark).split(separator: "\u{1B}[H", omittingEmptySubsequences: false).dropFirst()
        guard let last = frames.last(where: { $0.contains("\u{1B}[J") }),
              let end = last.firstRange(of: "\u{1B}[J") else { return [] }
        return plain(String(last[..<end.lowerBound])).split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `text` without escape sequences.
    func plain(_ text: String) -> String {
        var out = ""
        var escape = false
        for ch in text.unicodeScalars {
            if escape {
                if ch.properties.isAlphabetic { escape = false }
            } else if ch == "\u{1B}" {
                escape = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Waits until the view's latest frame holds `text`.
    func waitForFrame(_ pty: PTY, _ text: String, after mark: Int, timeout: Double = 20) -> [String] {
        let deadline = now() + timeout
        while now() < deadline {
            let frame = screen(pty, after: mark)
            if frame.contains(where: { $0.contains(text) }) { return frame }
            pty.readAvailable(wait: 0.05)
        }
        Issue.record("the view never showed '\(text)'; it shows:\n\(screen(pty, after: mark).joined(separator: "\n"))")
        return []
    }

    /// Types a command on the laptop and waits for its next prompt (so its
    /// terminal never fills up unread).
    func drive(_ laptop: PTY, _ command: String) {
        let typed = laptop.mark
        laptop.type(command + "\r")
        #expect(laptop.waitFor(" › ", after: typed + command.utf8.count + 2), "no prompt after '\(command)'")
    }

    @Test func theRoomSeesTheNodeOnlyAndFollowsEveryMove() {
        let home = makeTempDir()
        let room = PTY(["follow"], home: home)
        var mark = room.mark
        _ = waitForFrame(room, "No live session yet", after: mark)

        let laptop = PTY(["--trees", packageRoot + "/Trees"], home: home)
        #expect(laptop.waitFor("defuse › "))
        _ = waitForFrame(room, "Waiting for the first step", after: mark)

        mark = room.mark
        drive(laptop, "open angry")
        var frame = waitForFrame(room, "A complaint is a chance", after: mark)
        #expect(frame.contains { $0.contains("Customer: upset (2/5)") })
        #expect(frame.contains { $0.contains("1  They complain face to face or on the phone") })

        mark = room.mark
        drive(laptop, "1")
        frame = waitForFrame(room, "Keep calm first", after: mark)
        #expect(frame.contains { $0.contains("I can see this has really upset you") })
        #expect(frame.contains { $0.contains("A complaint is a chance › Keep calm first") }, "the breadcrumb")

        // What the facilitator types stays on the laptop.
        let quiet = room.mark
        for command in ["note the room is a bit tense", "help", "peek 2"] {
            let typed = laptop.mark
            laptop.type(command + "\r")
            #expect(laptop.waitFor("angry › keep-calm › ", after: typed))
        }

        mark = room.mark
        drive(laptop, "quiz on")
        frame = waitForFrame(room, "What would you say?", after: mark)
        #expect(!frame.contains { $0.contains("I can see this has really upset you") }, "phrases hidden in quiz mode")

        mark = room.mark
        drive(laptop, "reveal")
        frame = waitForFrame(room, "I can see this has really upset you", after: mark)

        mark = room.mark
        drive(laptop, "lang nl")
        frame = waitForFrame(room, "Blijf eerst zelf kalm", after: mark)
        #expect(frame.contains { $0.contains("Klant: boos (3/5)") })

        // Drill: the trainee's turn, then their words beside the playbook's.
        mark = room.mark
        drive(laptop, "drill on")
        drive(laptop, "1")
        frame = waitForFrame(room, "Hoor het hele verhaal aan", after: mark)
        #expect(frame.contains { $0.contains("Wat zou jij zeggen?") })
        mark = room.mark
        drive(laptop, "say Ik luister naar u")
        frame = waitForFrame(room, "Ik luister naar u", after: mark)
        #expect(frame.contains { $0.contains("Gaat u gerust verder, ik luister.") })

        // Across trees.
        mark = room.mark
        drive(laptop, "drill off")
        drive(laptop, "goto rude")
        frame = waitForFrame(room, "Onbeleefde klant", after: mark)

        let seen = plain(room.since(quiet))
        for typed in ["the room is a bit tense", "angry › keep-calm", "rude › ", "angry#", "help [COMMAND]", "Noted"] {
            #expect(!seen.contains(typed), "the room saw '\(typed)'")
        }

        // A resize: the view is drawn again to the new width.
        mark = room.mark
        var ws = winsize(ws_row: 24, ws_col: 44, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(room.master, UInt(TIOCSWINSZ), &ws)
        frame = waitForFrame(room, "Onbeleefde klant", after: mark)
        #expect(frame.count <= 24)
        for line in frame { #expect(line.unicodeScalars.count <= 44, "'\(line)' is wider than 44") }

        // The session ends; the room is told so.
        mark = room.mark
        laptop.type("quit\r")
        #expect(laptop.waitExit() == 0)
        frame = waitForFrame(room, "De sessie is afgelopen.", after: mark)

        // q leaves, and the terminal is as it was (main screen, cursor shown).
        room.type("q")
        #expect(room.waitExit() == 0)
        #expect(room.output.hasSuffix("\u{1B}[?25h\u{1B}[?1049l"))
    }

    @Test func withoutATerminalItPrintsEachViewUntilTheSessionEnds() {
        let home = makeTempDir()
        let none = runDefuse(["follow"], environment: ["XDG_STATE_HOME": home + "/state"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no live session to follow"))

        // A finished session's journal, named: its last view, then the end.
        let laptop = PTY(["--trees", packageRoot + "/Trees"], home: home)
        #expect(laptop.waitFor("defuse › "))
        drive(laptop, "open rude")
        #expect(laptop.waitFor("rude › "))
        laptop.type("quit\r")
        #expect(laptop.waitExit() == 0)
        let sessions = home + "/state/defuse/sessions"
        guard case .success(let names) = FileSystem.list(sessions), let done = names.first(where: { $0.hasSuffix(".journal.done") }) else {
            Issue.record("no finished journal in \(sessions)")
            return
        }
        let r = runDefuse(["follow", sessions + "/" + done], environment: ["XDG_STATE_HOME": home + "/state"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Rudeness is not about you"))
        #expect(r.stdout.hasSuffix("The session has ended.\n"))
        #expect(!r.stdout.contains("\u{1B}"))

        let missing = runDefuse(["follow", sessions + "/nope.journal"], environment: ["XDG_STATE_HOME": home + "/state"])
        #expect(missing.status == 1 && missing.stderr.contains("no such journal"))
    }

    @Test func aSessionKilledResumedOrDeletedIsSaidNeverACrash() {
        let home = makeTempDir()
        let room = PTY(["follow"], home: home)
        var mark = room.mark
        _ = waitForFrame(room, "No live session yet", after: mark)
        let laptop = PTY(["--trees", packageRoot + "/Trees"], home: home)
        #expect(laptop.waitFor("defuse › "))
        drive(laptop, "open rude")
        _ = waitForFrame(room, "Rudeness is not about you", after: mark)

        // kill -9: the journal stays, unfinished.
        mark = room.mark
        kill(laptop.pid, SIGKILL)
        var frame = waitForFrame(room, "stopped without ending", after: mark)
        #expect(frame.contains { $0.contains("Rudeness is not about you") }, "the last view stays")

        // --resume takes the same journal up again: the room goes on with it.
        mark = room.mark
        let resumed = PTY(["--trees", packageRoot + "/Trees", "--resume"], home: home)
        #expect(resumed.waitFor("rude › "))
        drive(resumed, "1")
        frame = waitForFrame(room, "Let the insult pass", after: mark)
        #expect(!frame.contains { $0.contains("stopped without ending") })

        // The journal is deleted under the view.
        mark = room.mark
        let sessions = home + "/state/defuse/sessions"
        if case .success(let names) = FileSystem.list(sessions) {
            for name in names where name.hasSuffix(".journal") { unlink(sessions + "/" + name) }
        }
        frame = waitForFrame(room, "was deleted", after: mark)
        room.type("q")
        #expect(room.waitExit() == 0)
    }
}
