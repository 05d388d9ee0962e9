import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExportTests {
    @Test func goldenExportsOfAFixedWalk() {
        let lib = loadExportTrees()
        let doc = fixedDocument(lib)
        let exporter = PathExporter(document: doc, library: lib)
        expectGolden(exporter.markdown(), fixtures + "/export/walk.md")
        expectGolden(exporter.text(), fixtures + "/export/walk.txt")
        expectGolden(doc.encoded(), fixtures + "/export/walk.json")
    }

    @Test func markdownHoldsThePathAndTheCoachingParts() {
        let lib = loadExportTrees()
        let md = PathExporter(document: fixedDocument(lib), library: lib).markdown()
        #expect(md.hasPrefix("# Coaching notes: Front \\*desk\\* \\<help\\> → Calls\n"))
        #expect(md.contains("**Outcome:** safety · **Date:** 2026-11-23 · **Steps:** 4"))
        #expect(md.contains("```mermaid\nflowchart TD\n"))
        #expect(md.contains("**Chosen:** They ask for a refund → `desk#refund`"))
        // The alternatives not taken at the first step.
        #expect(md.contains("**Not taken:**\n\n- They shout \\| loudly → `calls#calm`\n- They leave → `desk#gone`\n"))
        #expect(md.contains("> **✎ Note** (14:31): They \\*were\\* calm \\| polite at first."))
        #expect(md.contains("**Article 001: Greeting people (English)**"))
        #expect(md.contains("- `001-hello` — Say hello first, and mean it. *(steps 1, 3, 4)*"))
        #expect(md.contains("**Other sources**\n\n- `free text source`"))
    }

    @Test func markdownEscapesWhatMarkdownAndTerminalsWouldRead() {
        #expect(Markdown.escape("a *b* _c_ [d](e) <f> `g` | h") == "a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\`g\\` \\| h")
        #expect(Markdown.escape("# not a heading") == "\\# not a heading")
        #expect(Markdown.escape("- not a list") == "\\- not a list")
        #expect(Markdown.escape("1. not a list") == "1\\. not a list")
        #expect(Markdown.escape("mid-word # stays") == "mid-word # stays")
        #expect(Markdown.escape("bell\u{7} esc\u{1B}[2J rlo\u{202E}") == "bell\\\\x07 esc\\\\e\\[2J rlo\\<U+202E\\>")
        #expect(Markdown.escape("A & B, R&D &amp; &#35;") == "A & B, R\\&D \\&amp; \\&#35;")
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Mermaid.label("say \"hi\" #1 <b>") == "say #quot;hi#quot; #35;1 #lt;b#gt;")
    }

    @Test func textIsPlain() {
        let lib = loadExportTrees()
        let text = PathExporter(document: fixedDocument(lib), library: lib).text()
        #expect(text.hasPrefix("Coaching notes: Front *desk* <help> → Calls\nOutcome: safety. 2026-11-23, 4 steps.\n"))
        #expect(text.contains("2. Refund asked (desk#refund)\n   Say: “Let me check that.”\n   Then: restart desk#greet\n   Note: They *were* calm | polite at first.\n"))
        #expect(!text.contains("```"))
    }
}
