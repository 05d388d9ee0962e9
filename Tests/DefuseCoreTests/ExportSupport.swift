import DefuseCore
import DefuseTestSupport
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
