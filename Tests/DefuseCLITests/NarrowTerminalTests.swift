import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Everything the session prints fits the terminal: a tour of every viewing
/// command, errors and the prompt on a 40-column pseudo-terminal has no line
/// wider than 40 columns, and `help` at 100 columns leaves nothing alone on
/// its last line.
@Suite(.serialized) struct NarrowTerminalTests {
    static let longTree = """
        # A tree whose title is long enough to wrap twice on a narrow terminal screen
        id: long
        summary: A summary that is also rather long, so that the list of trees has to wrap it on a narrow screen.

        ## a-node-id-that-is-as-long-as-the-format-allows-sixty-four-chars: A node title that goes on and on, well past forty columns
        intensity: 4
        tone: firm
        Guidance with a word longer than any line: https://example.org/a/very/long/path/that/cannot/break/anywhere/at/all and more words after it.

        > A phrase long enough to wrap across lines on a narrow terminal, and then some.

        * A label that is quite long and has to wrap somewhere in the middle -> end
        * Short -> end

        ## end: The end of the long tree, with a title that wraps as well
        outcome: resolved
        Done, and this guidance is long enough to need a second line at forty columns.

        """

    /// Runs `line` at the prompt and waits for the next prompt.
    func run(_ pty: PTY, _ line: String) {
        let mark = pty.mark
        pty.type(line + "\r")
        let deadline = now() + 30
        while now() < deadline {
            pty.readAvailable(wait: 0.05)
            if pty.mark > mark + line.utf8.count, pty.output.hasSuffix("› ") {
                pty.settle()
                pty.readAvailable(wait: 0.01)
                if pty.output.hasSuffix("› ") { return }
            }
        }
        Issue.record("no prompt after '\(line)'")
    }

    /// The lines the terminal shows (escape sequences out; a carriage return
    /// starts the line again), each with its width in columns.
    func shownLines(_ output: String) -> [(String, Int)] {
        var lines: [(String, Int)] = []
        var line = ""
        var scalars = output.unicodeScalars.makeIterator()
        func end() {
            lines.append((line, line.unicodeScalars.count { !(0x300...0x36F).contains($0.value) }))
            line = ""
        }
        while let c = scalars.next() {
            switch c {
            case "\u{1B}":
                // CSI: ESC [ ... final byte; OSC: ESC ] ... BEL or ESC \; else ESC and one character.
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let n = scalars.next(), !(0x40...0x7E).contains(n.value) {}
                } else if kind == "]" {
                    while let n = scalars.next(), n != "\u{07}", n != "\u{1B}" {}
                }
            case "\n": end()
            case "\r": end()
            case "\u{07}", "\u{08}": break
            default: line.unicodeScalars.append(c)
            }
        }
        end()
        return lines
    }

    @Test func aSessionAtFortyColumnsHasNoLineWiderThanForty() {
        let dir = makeTempDir()
        writeText(dir + "/long.tree", Self.longTree)
        let home = makeTempDir()
        let pty = PTY(["--trees", packageRoot + "/Trees", "--trees", dir], home: home, columns: 40)
        #expect(pty.waitFor("defuse › "))
        for line in ["open long", "peek 1", "path", "1", "back", "2", "restart", "drill on", "say I hear you",
                     "rate 3", "drill off", "coverage", "unvisited", "trees",
                     "open angry", "1", "peek 2", "2", "help", "help export", "help unvisited", "help 1",
                     "search calm", "search zzzq", "note A note",
                     "lang nl", "lang", "quiz on", "1", "reveal", "quiz off", "lang el", "1", "lang en",
                     "path", "frobnicate", "quiz maybe", "they", "zzz", "goto nowhere", "back 99", "path --short",
                     "goto long#end", "export"] {
            run(pty, line)
        }
        pty.type("quit\r")
        #expect(pty.waitExit() != nil)
        let lines = shownLines(pty.output)
        #expect(lines.count > 300, "the tour printed its views")
        for (line, width) in lines where width > 40 {
            Issue.record("\(width) columns: \(line)")
        }
        // Long words are broken, not lost.
        let text = lines.map { $0.0.drop { $0 == " " } }.joined()
        #expect(text.contains("https://example.org/a/very/long/path/that/cannot/break/anywhere/at/all"))
    }

    @Test func helpAtAHundredColumnsLeavesNoWordAlone() {
        let pty = PTY(["--trees", fixtures + "/session"], columns: 100)
        #expect(pty.waitFor("defuse › "))
        let mark = pty.mark
        run(pty, "help")
        pty.type("quit\r")
        #expect(pty.waitExit() == 0)
        let lines = shownLines(pty.since(mark))
        #expect(lines.contains { $0.0.contains("'help COMMAND'") })
        for (line, width) in lines {
            #expect(width <= 100, "\(line)")
            #expect(line.isEmpty || line.trimmingASCIIWhitespace().count > 2, "a lone fragment: '\(line)'")
        }
    }
}
