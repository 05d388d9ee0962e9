import DefuseCore
import FuzzKit
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Untrusted trees: escape sequences of every kind, bidi overrides, NUL
/// bytes, invalid UTF-8, a 20 MB line, a million-node chain, 100,000
/// choices on a node, a file name holding an escape sequence. Each runs
/// through the built `defuse` (check, a session, exports, graphs): the exit
/// status is a clean 0 or 1 and nothing printed or exported holds a raw
/// control byte. Small fixtures are in Tests/Fixtures/hostile; big ones are
/// generated into a temporary folder.
@Suite(.serialized) struct HostileTreeTests {
    static let tour = "trees;open 1;look;path;search guidance;unvisited;coverage;peek 1;1;path;back;"
        + "note \u{1B}[2J typed;export md -;export txt -;export json -;quiz on;look;reveal;lang"

    struct Run {
        var args: [String]
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }
        /// Both streams (check prints diagnostics on standard output).
        var all: String { out + err }
    }

    /// Runs the built binary with raw byte capture (no decoding that could
    /// hide a lone 8-bit control byte).
    func run(_ args: [String], cwd: String? = nil) -> Run {
        let dir = makeTempDir()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let env = ["PATH": "/usr/bin:/bin", "HOME": dir, "XDG_STATE_HOME": dir + "/state", "LANG": "C.UTF-8"]
        let pid = cwd.map { spawn("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, defuseBinary] + args, env, &actions, nil) }
            ?? spawn(defuseBinary, args, env, &actions, nil)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        func bytes(_ p: String) -> [UInt8] {
            if case .success(let b) = FileSystem.read(p, limit: 1 << 30) { return b }
            return []
        }
        return Run(args: args, status: code, stdout: bytes(dir + "/out"), stderr: bytes(dir + "/err"))
    }

    /// A clean exit (0 success, 1 errors; never a signal or a trap) and no
    /// raw control byte on either stream.
    func expectSafe(_ r: Run, allowed: Set<Int32> = [0, 1], colour: Bool = false,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let what = r.args.map { Visible.escape($0) }.joined(separator: " ")
        #expect(allowed.contains(r.status), "defuse \(what): status \(r.status)\n\(Visible.escape(String(r.err.prefix(2000)), singleLine: false))",
                sourceLocation: sourceLocation)
        // With --color always, defuse's own SGR codes (ESC [ digits m) are
        // expected; anything else (\e[2J, \e]0;..., from the tree) is not.
        let stdout = colour ? withoutSGR(r.stdout) : r.stdout
        let stderr = colour ? withoutSGR(r.stderr) : r.stderr
        if let bad = FuzzEntries.rawControl(in: stdout) {
            Issue.record("defuse \(what): standard output has a \(bad)", sourceLocation: sourceLocation)
        }
        if let bad = FuzzEntries.rawControl(in: stderr) {
            Issue.record("defuse \(what): standard error has a \(bad)", sourceLocation: sourceLocation)
        }
    }

    /// `check`, `check --strict`, a session touring every viewing command,
    /// `paths`, `graph` (dot, mermaid) and a Markdown export to a file.
    @discardableResult
    func exercise(_ path: String, tree id: String, loads: Bool) -> [Run] {
        var runs: [Run] = []
        runs.append(run(["check", "--color", "never", path]))
        runs.append(run(["check", "--strict", "--color", "always", path]))
        runs.append(run(["--color", "never", "--trees", path, "-c", Self.tour]))
        runs.append(run(["paths", "--trees", path, id]))
        runs.append(run(["graph", "--trees", path, id]))
        runs.append(run(["graph", "--trees", path, id, "--format", "mermaid"]))
        for (i, r) in runs.enumerated() { expectSafe(r, allowed: !loads && i < 3 ? [1] : [0, 1], colour: i == 1) }
        if loads {
            #expect(runs[0].status == 0, "\(runs[0].err)")
            #expect(runs[2].status == 0, "\(runs[2].err)")
            // Exported files hold no raw controls either.
            let dir = makeTempDir()
            let md = run(["--trees", path, "-c", "open 1;1;note \u{1B}]0Xx\u{07} \u{9B}2J;export md notes.md;export txt notes.txt;export json notes.json"], cwd: dir)
            expectSafe(md)
            #expect(md.status == 0, "\(md.err)")
            for name in ["notes.md", "notes.txt"] {
                guard case .success(let bytes) = FileSystem.read(dir + "/" + name, limit: 1 << 30) else {
                    Issue.record("\(name) was not written: \(md.err)")
                    continue
                }
                if let bad = FuzzEntries.rawControl(in: bytes) { Issue.record("\(name) has a \(bad)") }
            }
        } else {
            #expect(runs[0].status == 1)
        }
        return runs
    }

    // MARK: Small fixtures

    let hostile = fixtures + "/hostile"

    @Test func escapeSequencesOfEveryKindAreShownVisibly() {
        let runs = exercise(hostile + "/escapes.tree", tree: "escapes", loads: true)
        let session = runs[2].out
        // CSI, OSC ended by BEL and by ST, DCS, 8-bit CSI, SS3, APC, DEL, CR, backspace.
        for shown in ["\\e[2J\\e[H", "\\e]0;pwned\\x07", "\\e]2;t\\e\\", "<U+009B>31m", "\\eOA", "\\e_hidden",
                      "\\x7f", "\\r overwrite", "\\x08\\x08", "\\e[1;31mthis", "\\e]52;c;ZXZpbA==\\x07"] {
            #expect(session.contains(shown), "session output shows \(shown)")
        }
        #expect(session.contains("note") || session.contains("\\e[2J typed"))
        #expect(runs[4].out.contains("\\\\e[2J"), "DOT label escapes the backslash: \(runs[4].out)")
    }

    @Test func escapeSequencesInDiagnostics() {
        let runs = exercise(hostile + "/escapes-errors.tree", tree: "escapes-errors", loads: false)
        let check = runs[0].all
        #expect(check.contains("bad node id 'bad\\e[2Jid'"), "\(check)")
        #expect(check.contains("'nowhere\\e[2J'"))
        #expect(check.contains("gone<U+009B>#x"))
        #expect(check.contains("escapes-errors.tree:7:4: error:"))
    }

    @Test func bidiOverridesAreShownVisibly() {
        let runs = exercise(hostile + "/bidi.tree", tree: "bidi", loads: true)
        let session = runs[2].out
        for shown in ["<U+202E>Guidance reversed<U+202C>", "<U+2067> FSI <U+2068>", "<U+202E>Phrase",
                      "<U+202E>Choice", "Start <U+202E>txt.exe", "Bidi <U+202E> evil<U+202C> title"] {
            #expect(session.contains(shown), "session output shows \(shown)")
        }
    }

    @Test func nulBytesAreRefusedAsBinary() {
        let runs = exercise(hostile + "/nul.tree", tree: "nul", loads: false)
        #expect(runs[0].all.contains("nul.tree:1:7: error: binary file (NUL byte)"), "\(runs[0].all)")
    }

    @Test func invalidUTF8IsReportedPerLine() {
        let runs = exercise(hostile + "/invalid-utf8.tree", tree: "invalid-utf8", loads: false)
        let err = runs[0].all
        for line in [1, 2, 3, 5, 6, 9] {
            #expect(err.contains("invalid-utf8.tree:\(line):"), "line \(line) reported: \(err)")
        }
        #expect(err.contains("invalid UTF-8"))
    }

    // MARK: Generated

    func write(_ dir: String, _ name: String, _ text: String) -> String {
        let path = dir + "/" + name
        writeText(path, text)
        return path
    }

    @Test func twentyMegabyteLineIsRefusedWithoutEchoingIt() {
        let dir = makeTempDir()
        var text = "# Long\n## a: A\n"
        text += String(repeating: "\u{1B}[2Jabcdefgh", count: 20 << 20 / 12)
        text += "\n* Go -> b\n## b: B\noutcome: resolved\nDone.\n"
        let path = write(dir, "long.tree", text)
        let check = run(["check", path])
        expectSafe(check)
        #expect(check.status == 1)
        #expect(check.all.contains("long.tree:3:1: error: line is"), "\(check.all)")
        #expect(check.all.contains("the limit is 1048576"))
        #expect(check.stdout.count + check.stderr.count < 4096, "the line itself is never printed")
        let session = run(["--trees", path, "-c", "look"])
        expectSafe(session)
        #expect(session.status == 1)
    }

    @Test func millionNodeChainLoadsAndWalks() {
        let dir = makeTempDir()
        let n = 1_000_000
        var text = "# Chain\n"
        text.reserveCapacity(n * 40)
        for i in 0..<n {
            text += "## n\(i): N\(i)\n"
            text += i + 1 < n ? "Go.\n* Next -> n\(i + 1)\n" : "outcome: resolved\nEnd.\n"
        }
        let path = write(dir, "chain.tree", text)
        // One run: loading checks the whole tree; the commands walk it.
        let r = run(["--trees", path, "-c", "look;1;goto n999999;path;back 2;coverage;unvisited 2;search n500000"])
        expectSafe(r)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("N999999"))
        #expect(r.out.contains("1000000"), "coverage counts every node: \(r.out.suffix(600))")
    }

    @Test func hundredThousandChoicesOnANode() {
        let dir = makeTempDir()
        var text = "# Fan\n## a: A\nPick one.\n"
        for i in 0..<100_000 { text += "* Choice \(i) \u{1B}[\(i % 90)m -> b\n" }
        text += "## b: B\noutcome: resolved\nDone.\n"
        let path = write(dir, "fan.tree", text)
        let r = run(["--trees", path, "-c", "look;peek 100000;100000;path;back;unvisited 3;export md -"])
        expectSafe(r)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("[100000] Choice 99999 \\e[9m"), "the last choice is listed, escaped")
        let check = run(["check", path])
        expectSafe(check)
        #expect(check.status == 0)
    }

    @Test func fileNameWithAnEscapeSequence() {
        let dir = makeTempDir()
        let name = "evil\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}.tree"
        let good = write(dir, name, "# Evil name\nid: evil\n## a: A\nText.\n* Go -> b\n## b: B\noutcome: resolved\nDone.\n")
        let runs = exercise(good, tree: "evil", loads: true)
        #expect(runs[0].status == 0)
        // A broken tree under a hostile name: every diagnostic names the file visibly.
        let badDir = makeTempDir()
        let bad = write(badDir, "x\u{1B}[31m\u{9B}.tree", "# Broken\n## a: A\n* Go -> nowhere\n")
        let check = run(["check", bad])
        expectSafe(check)
        #expect(check.status == 1)
        #expect(check.all.contains("x\\e[31m<U+009B>.tree:3:"), "\(check.all)")
        let missing = run(["check", dir + "/no\u{1B}[2Jsuch.tree"])
        expectSafe(missing)
        #expect(missing.all.contains("no\\e[2Jsuch.tree"), "\(missing.all)")
        // Folder of trees whose default id comes from the hostile name.
        let folder = makeTempDir()
        _ = write(folder, "n\u{1B}[2J.tree", "# No id\n## a: A\noutcome: resolved\nDone.\n")
        let idCheck = run(["check", folder])
        expectSafe(idCheck)
    }

    @Test func hostilePathFile() {
        // A defuse.path/1 file whose titles, labels, phrases, notes and file
        // name carry escape sequences: every command that reads one.
        let path = hostile + "/path.json"
        let trees = packageRoot + "/Trees"
        let replay = run(["replay", "--trees", trees, path])
        expectSafe(replay)
        #expect(replay.status == 1, "drift from the real trees")
        #expect(replay.all.contains("\\eP1$r\\e\\ <U+009B>2J"), "\(replay.all)")
        #expect(replay.all.contains("label \\e[H\\x7f"))
        expectSafe(run(["coverage", "--trees", trees, path]))
        let report = run(["report", "--trees", trees, path])
        expectSafe(report)
        #expect(report.out.contains("# Workshop report: 1 session"), "\(report.all)")
        expectSafe(run(["report", "--trees", trees, "--format", "json", path]))
        expectSafe(run(["graph", "angry", "--trees", trees, "--path", path]))
        expectSafe(run(["graph", "angry", "--trees", trees, "--path", path, "--format", "mermaid"]))
        let dir = makeTempDir()
        let session = run(["--trees", trees, "-c", "open angry;load \(path);path;export md notes.md;export txt notes.txt;export md -"], cwd: dir)
        expectSafe(session)
        #expect(session.out.contains("note \\e[8m hidden <U+2066>"), "\(session.out)")
        for name in ["notes.md", "notes.txt"] {
            guard case .success(let bytes) = FileSystem.read(dir + "/" + name, limit: 1 << 30) else {
                Issue.record("\(name) was not written: \(session.err)")
                continue
            }
            if let bad = FuzzEntries.rawControl(in: bytes) { Issue.record("\(name) has a \(bad)") }
        }
    }

    @Test func fifoInsteadOfAFileNeverHangs() {
        // A FIFO nobody writes to: opening it used to wait forever.
        let dir = makeTempDir()
        for name in ["p.json", "t.tree"] { #expect(mkfifo(dir + "/" + name, 0o600) == 0) }
        let start = now()
        let replay = run(["replay", dir + "/p.json"])
        expectSafe(replay)
        #expect(replay.status == 1)
        #expect(replay.all.contains("p.json"), "\(replay.all)")
        let report = run(["report", dir + "/p.json", dir])
        expectSafe(report)
        #expect(report.status == 1)
        #expect(report.all.contains("p.json: not valid JSON"), "\(report.all)")
        #expect(report.all.contains("no path files (.json) in this folder"), "a FIFO in a folder is not read")
        let load = run(["--trees", fixtures + "/session", "-c", "open a;load \(dir)/p.json;path"])
        expectSafe(load)
        #expect(load.status == 1)
        #expect(load.out.contains("1. a#start"), "the session goes on after the failed load")
        let check = run(["check", dir + "/t.tree"])
        expectSafe(check)
        #expect(check.status == 1)
        #expect(now() - start < 30)
    }

    @Test func hostileArgumentsAndMaxFileSize() {
        let path = hostile + "/escapes.tree"
        let small = run(["check", "--max-file-size", "100", path])
        expectSafe(small)
        #expect(small.status == 1)
        #expect(small.all.contains("--max-file-size"), "\(small.all)")
        let badSize = run(["check", "--max-file-size", "1\u{1B}[2J", path])
        expectSafe(badSize, allowed: [2])
        #expect(badSize.err.contains("1\\e[2J"))
        let unknown = run(["\u{1B}]0;x\u{07}frobnicate"])
        expectSafe(unknown, allowed: [1, 2])
    }

    func withoutSGR(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] == 0x5B {
                var j = i + 2
                while j < bytes.count, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x3B { j += 1 }
                if j < bytes.count, bytes[j] == 0x6D {
                    i = j + 1
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
