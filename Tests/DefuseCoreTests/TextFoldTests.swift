import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct TextFoldTests {
    @Test func foldsCaseAndAccents() {
        #expect(TextFold.fold("Café ÉLAN") == "cafe elan")
        #expect(TextFold.fold("Ηρεμία") == "ηρεμια")
        #expect(TextFold.fold("Äiti Öljy") == "aiti oljy")
        #expect(TextFold.words("It's (really) fine!") == ["it", "s", "really", "fine"])
    }

    @Test func visibleEscapesControlsAndBidi() {
        #expect(Visible.escape("a\u{1B}[2Jb") == "a\\e[2Jb")
        #expect(Visible.escape("x\u{202E}y") == "x<U+202E>y")
        #expect(Visible.escape("bell\u{07}") == "bell\\x07")
        #expect(Visible.escape("c1\u{9B}") == "c1<U+009B>")
        #expect(Visible.escape("plain ελληνικά") == "plain ελληνικά")
        #expect(Visible.escape("two\nlines", singleLine: false) == "two\nlines")
        #expect(Visible.escape("two\nlines") == "two\\nlines")
    }
}
