import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The export fixture: two trees with Markdown-special text and a sources list.
let exportTrees = fixtures + "/export/trees"

func loadExportTrees() -> Library {
    let result = Loader().load(paths: [exportTrees])
    #expect(!result.hasErrors, "\(result.diagnostics)")
    return result.library
}

/// A fixed walk with a stepping clock: desk → refund (note) → restart →
/// calls#calm across trees (note). Times start 2026-11-23 14:30:00 UTC.
func fixedWalk(_ library: Library) -> Session {
    let clock = SteppingClock(start: 1_795_444_200, step: 37)
    var session = Session(library: library, clock: { clock.next() })
    try! session.open("desk")
    try! session.choose(1)
    try! session.addNote("They *were* calm | polite at first.")
    try! session.restart()
    try! session.choose(2)
    try! session.addNote("Second note.")
    return session
}

/// The document of the fixed walk, tree files relative to the repository.
func fixedDocument(_ library: Library) -> PathDocument {
    var doc = PathDocument(session: fixedWalk(library), version: "0.1.0", created: Timestamp(seconds: 1_795_444_800))
    for i in doc.trees.indices where doc.trees[i].file.hasPrefix(packageRoot + "/") {
        doc.trees[i].file = String(doc.trees[i].file.dropFirst(packageRoot.count + 1))
    }
    return doc
}

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

@Suite struct AtomicFileTests {
    func names(_ dir: String) -> [String] {
        (try? FileSystem.list(dir).get()) ?? []
    }

    @Test func writesAndNeverOverwritesUnlessAsked() {
        let dir = makeTempDir()
        let path = dir + "/notes.md"
        #expect(throws: Never.self) { try AtomicFile.write(Array("first".utf8), to: path, overwrite: false).get() }
        #expect(readText(path) == "first")
        let again = AtomicFile.write(Array("second".utf8), to: path, overwrite: false)
        guard case .failure(let failure) = again else { Issue.record("overwrote an existing file"); return }
        #expect(failure.kind == .exists)
        #expect(failure.message == "already exists (--force overwrites it)")
        #expect(readText(path) == "first")
        #expect(throws: Never.self) { try AtomicFile.write(Array("third".utf8), to: path, overwrite: true).get() }
        #expect(readText(path) == "third")
        #expect(names(dir) == ["notes.md"])
    }

    @Test func aFailedWriteLeavesNoFile() {
        let dir = makeTempDir()
        let path = dir + "/notes.md"
        var calls = 0
        // The disk fills up after the first 10 bytes.
        let result = AtomicFile.write(Array(repeating: 0x41, count: 100_000), to: path, overwrite: false) { fd, bytes in
            calls += 1
            if calls == 1 { return Array(bytes.prefix(10)).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
            errno = ENOSPC
            return -1
        }
        guard case .failure(let failure) = result else { Issue.record("a failed write succeeded"); return }
        #expect(failure.message == "cannot write: No space left on device")
        #expect(names(dir).isEmpty, "left \(names(dir))")
        // Over an existing file, the old content stays whole.
        writeFile(path, Array("old".utf8))
        let over = AtomicFile.write(Array("new".utf8), to: path, overwrite: true) { _, _ in errno = EIO; return -1 }
        #expect(throws: AtomicFile.Failure.self) { try over.get() }
        #expect(readText(path) == "old")
        #expect(names(dir) == ["notes.md"])
    }

    @Test func anUnwritableFolderIsAClearError() {
        let result = AtomicFile.write(Array("x".utf8), to: "/nonexistent-defuse-folder/notes.md", overwrite: false)
        guard case .failure(let failure) = result else { Issue.record("wrote into a missing folder"); return }
        #expect(failure.message == "cannot create a file in /nonexistent-defuse-folder: No such file or directory")
    }
}
