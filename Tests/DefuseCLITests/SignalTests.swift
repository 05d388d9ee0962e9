import DefuseCore
import FuzzKit
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Signals never lose a facilitator's work: each test runs the built
/// `defuse` on a pseudo-terminal (or a pipe) and sends one signal.
/// SIGINT at the prompt or during long output cancels and goes on; SIGTERM
/// and SIGHUP end with history saved and the journal left for --resume;
/// SIGPIPE (output piped to `head`) ends quietly; a resize re-wraps.
@Suite(.serialized) struct SignalTests {
    let trees = ["--trees", fixtures + "/session"]

    /// The session journals in `home` (XDG_STATE_HOME is home/state).
    func journals(_ home: String) -> [String] {
        let dir = home + "/state/defuse/sessions"
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".journal") { out.append(dir + "/" + name) }
        }
        return out
    }

    /// A tree whose start node lists `n` choices: long output.
    func fanTree(_ n: Int) -> String {
        let dir = makeTempDir()
        var text = "# Fan\n## a: A\nPick one.\n"
        for i in 0..<n { text += "* Choice number \(i) -> b\n" }
        text += "## b: B\noutcome: resolved\nDone.\n"
        writeText(dir + "/fan.tree", text)
        return dir + "/fan.tree"
    }

    /// Walks a#start → a#listen with a note, the work a signal must not lose.
    func walk(_ pty: PTY) {
        #expect(pty.waitFor("defuse › "))
        pty.type("open a\r")
        #expect(pty.waitFor("a › start › "))
        pty.type("1\r")
        #expect(pty.waitFor("a › listen › "))
        let typed = pty.mark
        pty.type("note the room went quiet\r")
        #expect(pty.waitFor("Noted on a#listen", after: typed))
        pty.type("path\r")
        #expect(pty.waitFor("2. a#listen"))
    }

    /// After a fatal signal: history and the journal hold the walk, and
    /// `--resume` picks it up at a#listen with the note.
    func expectSaved(_ home: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let history = fileText(home + "/state/defuse/history") ?? ""
        #expect(history.contains("open\\040a"), "history saved: \(history)", sourceLocation: sourceLocation)
        let found = journals(home)
        #expect(found.count == 1, "one journal: \(found)", sourceLocation: sourceLocation)
        let journal = found.first.flatMap(fileText) ?? ""
        #expect(journal.contains("listen"), sourceLocation: sourceLocation)
        #expect(journal.contains("the room went quiet"), sourceLocation: sourceLocation)
        let again = PTY(trees + ["--resume"], home: home)
        #expect(again.waitFor("Resumed the session"), sourceLocation: sourceLocation)
        #expect(again.waitFor("a › listen › "), sourceLocation: sourceLocation)
        let mark = again.mark
        again.type("path\r")
        #expect(again.waitFor("the room went quiet", after: mark), sourceLocation: sourceLocation)
        again.type("quit\r")
        #expect(again.waitExit() == 0, sourceLocation: sourceLocation)
    }

    @Test func sigintAtThePromptCancelsAndGoesOn() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        walk(pty)
        pty.type("half a line")
        #expect(pty.waitFor("half a line"))
        let mark = pty.mark
        pty.settle()
        kill(pty.pid, SIGINT)
        #expect(pty.waitFor("a › listen › ", after: mark), "a fresh prompt")
        // Typed-ahead input is dropped with the cancelled line: type once it reads again.
        pty.settle()
        pty.type("look\r")
        #expect(pty.waitFor("Listen", after: mark))
        #expect(!pty.since(mark).contains("error"), "the abandoned line did not run")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
        #expect(fileText(home + "/state/defuse/history")?.contains("look") == true)
    }

    @Test func sigintDuringLongOutputKeepsTheSession() {
        let home = makeTempDir()
        let pty = PTY(["--trees", fanTree(20_000)], home: home)
        #expect(pty.waitFor("fan › a › ", timeout: 60))
        let mark = pty.mark
        pty.type("look\r")
        // The output blocks on the terminal while we do not read: interrupt mid-way.
        #expect(pty.waitFor("[500] Choice number 499", after: mark))
        pty.settle()
        kill(pty.pid, SIGINT)
        pty.settle()
        pty.settle()
        kill(pty.pid, SIGINT)
        #expect(pty.waitFor("fan › a › ", after: mark, timeout: 60), "back at the prompt")
        #expect(!pty.since(mark).contains("[20000] Choice number 19999"), "the rest of the output was dropped")
        let mark2 = pty.mark
        pty.type("2\r")
        #expect(pty.waitFor("fan › b › ", after: mark2, timeout: 30), "the session still takes choices")
        pty.type("quit\r")
        #expect(pty.waitExit(timeout: 30) == 0)
    }

    @Test func sigintStopsScriptMode() {
        // Script mode waiting on a pipe that stays open: Ctrl-C (SIGINT)
        // ends it with 130, as for any command-line tool.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let dir = makeTempDir()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attr = cleanSignalsAttributes()
        defer { posix_spawnattr_destroy(&attr) }
        let pid = spawn(defuseBinary, trees, ["PATH": "/usr/bin:/bin", "HOME": dir, "LANG": "C.UTF-8"], &actions, &attr)
        close(fds[0])
        let line = "open a\n"
        _ = line.withCString { write(fds[1], $0, strlen($0)) }
        // Wait until the command ran, so the handlers are installed.
        let deadline = now() + 20
        while now() < deadline, !(fileText(dir + "/out") ?? "").contains("Alpha") { usleep(20_000) }
        #expect((fileText(dir + "/out") ?? "").contains("Alpha"))
        kill(pid, SIGINT)
        var status: Int32 = 0
        var code: Int32?
        while now() < deadline + 10 {
            if waitpid(pid, &status, WNOHANG) == pid {
                code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                break
            }
            usleep(20_000)
        }
        if code == nil { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        close(fds[1])
        #expect(code == 130, "script mode ends on SIGINT")
    }

    @Test func sigtermSavesHistoryAndJournal() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        walk(pty)
        pty.settle()
        kill(pty.pid, SIGTERM)
        #expect(pty.waitExit() == 128 + SIGTERM)
        expectSaved(home)
    }

    @Test func sighupSavesHistoryAndJournal() {
        let home = makeTempDir()
        let pty = PTY(trees, home: home)
        walk(pty)
        pty.type("half typed")
        #expect(pty.waitFor("half typed"))
        pty.settle()
        kill(pty.pid, SIGHUP)
        #expect(pty.waitExit() == 128 + SIGHUP)
        expectSaved(home)
    }

    @Test func sigtermDuringLongOutputStillSaves() {
        let home = makeTempDir()
        let pty = PTY(["--trees", fanTree(20_000)], home: home)
        #expect(pty.waitFor("fan › a › ", timeout: 60))
        pty.type("note before the storm\r")
        #expect(pty.waitFor("fan › a › ", after: pty.mark - 1))
        let mark = pty.mark
        pty.type("look\r")
        #expect(pty.waitFor("[500] Choice number 499", after: mark))
        pty.settle()
        kill(pty.pid, SIGTERM)
        let status = pty.waitExit(timeout: 60)
        #expect(status == 128 + SIGTERM)
        #expect(fileText(home + "/state/defuse/history")?.contains("look") == true)
        let journal = journals(home).first.flatMap(fileText) ?? ""
        #expect(journal.contains("before the storm"))
    }

    @Test func sigpipeWhenPipedToHeadEndsQuietly() {
        let dir = makeTempDir()
        let tree = fanTree(50_000)
        let script = "\"$0\" --trees \"$1\" -c 'look;look;look' | head -n 3 > \"$2/head\"; echo \"status=${PIPESTATUS[0]}\" > \"$2/status\""
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let pid = spawn("/bin/bash", ["-c", script, defuseBinary, tree, dir],
                        ["PATH": "/usr/bin:/bin", "HOME": dir, "LANG": "C.UTF-8"], &actions, nil)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let head = fileText(dir + "/head") ?? ""
        #expect(head.split(separator: "\n", omittingEmptySubsequences: false).count == 4, "head got 3 lines: \(head)")
        let result = fileText(dir + "/status") ?? ""
        #expect(result == "status=0\n", "defuse ends quietly, not killed by SIGPIPE (141): \(result)")
        let err = fileText(dir + "/err") ?? ""
        #expect(err.isEmpty, "nothing on standard error: \(err)")
    }

    @Test func sigpipeInScriptModeStopsReading() {
        // A script whose reader goes away: defuse stops at the broken pipe
        // instead of running the remaining commands into the void.
        let dir = makeTempDir()
        let tree = fanTree(2_000)
        var lines = ""
        for _ in 0..<2_000 { lines += "look\n" }
        writeText(dir + "/script", lines)
        let script = "\"$0\" --trees \"$1\" < \"$2/script\" | head -c 100 > /dev/null; echo \"status=${PIPESTATUS[0]}\" > \"$2/status\""
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let start = now()
        let pid = spawn("/bin/bash", ["-c", script, defuseBinary, tree, dir],
                        ["PATH": "/usr/bin:/bin", "HOME": dir, "LANG": "C.UTF-8"], &actions, nil)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let result = fileText(dir + "/status") ?? ""
        #expect(result.hasPrefix("status=") && !result.hasPrefix("status=141"), "\(result)")
        #expect(now() - start < 60, "no hang after the pipe broke")
        #expect(fileText(dir + "/err")?.isEmpty == true)
    }

    /// The node view's lines in `shown` (prompt and echoed input aside,
    /// which libedit draws itself). "\r\n" is one Character: split on scalars.
    func viewLines(_ shown: String) -> [String] {
        shown.unicodeScalars.split(separator: "\n").map { line in
            String(String.UnicodeScalarView(line.filter { $0 != "\r" }))
        }.filter { !$0.contains("›") && !$0.hasPrefix("look") }
    }

    /// Reads until the output ends with a prompt (`... › `).
    func waitForPrompt(_ pty: PTY, timeout: Double = 10) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            if pty.output.hasSuffix("› ") { return true }
            pty.readAvailable(wait: 0.05)
        }
        return pty.output.hasSuffix("› ")
    }

    @Test func resizeRewrapsAndGoesOn() {
        let pty = PTY(["--trees", packageRoot + "/Trees", "--open", "angry"])
        #expect(pty.waitFor("angry › "))
        let wide = pty.mark
        pty.type("look\r")
        #expect(pty.waitFor("What happens next?", after: wide))
        #expect(waitForPrompt(pty))
        let wideLines = viewLines(pty.since(wide))
        #expect(wideLines.contains { $0.count > 60 }, "at 100 columns the text runs wider than 60: \(wideLines)")
        // Narrow the terminal: the kernel sends SIGWINCH to defuse.
        var ws = winsize(ws_row: 30, ws_col: 40, ws_xpixel: 0, ws_ypixel: 0)
        #expect(ioctl(pty.master, UInt(TIOCSWINSZ), &ws) == 0)
        pty.settle()
        let mark = pty.mark
        pty.type("look\r")
        #expect(pty.waitFor("What happens next?", after: mark))
        #expect(waitForPrompt(pty))
        let body = viewLines(pty.since(mark))
        #expect(body.count > wideLines.count, "more, shorter lines")
        for line in body { #expect(line.count <= 40, "wrapped to 40 columns: '\(line)'") }
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
    }
}
