import DefuseCore
import FuzzKit
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The terminal-safety property the fuzzers and hostile tests rely on.
@Suite struct TerminalSafetyTests {
    @Test func visibleEscapeShowsWholeSequences() {
        #expect(Visible.escape("\u{1B}[2J") == "\\e[2J")
        #expect(Visible.escape("\u{1B}]0;title\u{07}") == "\\e]0;title\\x07")
        #expect(Visible.escape("\u{1B}]8;;http://x\u{1B}\\link") == "\\e]8;;http://x\\e\\link")
        #expect(Visible.escape("\u{1B}P1$r\u{1B}\\") == "\\eP1$r\\e\\")
        #expect(Visible.escape("\u{9B}31m") == "<U+009B>31m")
        #expect(Visible.escape("\u{90}q\u{9C}") == "<U+0090>q<U+009C>")
        #expect(Visible.escape("a\u{202E}b\u{2066}c\u{200F}\u{61C}") == "a<U+202E>b<U+2066>c<U+200F><U+61C>")
        #expect(Visible.escape("\0\u{7F}\r\u{08}") == "\\x00\\x7f\\r\\x08")
        #expect(Visible.escape("tab\tnew\nline") == "tab new\\nline")
        #expect(Visible.escape("tab\tnew\nline", singleLine: false) == "tab\tnew\nline")
        #expect(Visible.escape("plain · café ‹›") == "plain · café ‹›")
    }

    @Test func rawControlFindsWhatATerminalWouldObey() {
        #expect(FuzzEntries.rawControl(in: Array("fine\nline · é\n".utf8)) == nil)
        #expect(FuzzEntries.rawControl(in: Array("a\u{1B}[2J".utf8))?.hasPrefix("control byte 0x1b at byte 1") == true)
        #expect(FuzzEntries.rawControl(in: [0x61, 0x9B, 0x32, 0x4A])?.hasPrefix("invalid UTF-8 byte 0x9b at byte 1") == true)
        #expect(FuzzEntries.rawControl(in: Array("x\u{9B}".utf8))?.hasPrefix("control U+9B") == true)
        #expect(FuzzEntries.rawControl(in: Array("\u{202E}".utf8))?.hasPrefix("control U+202E") == true)
        #expect(FuzzEntries.rawControl(in: [0xC0, 0x80]) != nil, "overlong")
        #expect(FuzzEntries.rawControl(in: [0xED, 0xA0, 0x80]) != nil, "surrogate")
        #expect(FuzzEntries.rawControl(in: [0xE2, 0x80]) != nil, "truncated")
        #expect(FuzzEntries.rawControl(in: Array("\t".utf8)) != nil)
        #expect(FuzzEntries.rawControl(in: Array("\u{7F}".utf8)) != nil)
    }

    @Test func requireVisibleThrowsOnRawText() {
        #expect(throws: FuzzEntries.Violation.self) { try FuzzEntries.requireVisible("a\u{1B}]0;x\u{07}", what: "t") }
        #expect(throws: FuzzEntries.Violation.self) { try FuzzEntries.requireVisible("\u{2067}", what: "t") }
        #expect(throws: Never.self) { try FuzzEntries.requireVisible("ok \\e[2J <U+202E>\n", what: "t") }
    }
}
