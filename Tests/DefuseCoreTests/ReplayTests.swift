import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The export fixture's files, as text, for editing.
func exportFixtureTexts() -> [String: String] {
    var files: [String: String] = [:]
    for name in ["desk.tree", "calls.tree", "SOURCES.md"] {
        files[name] = fileText(exportTrees + "/" + name)!
    }
    return files
}

@Suite struct ReplayTests {
    let doc = fixedDocument(loadExportTrees())

    /// Replays the fixed walk against the fixture with `edit` applied to one file.
    func replay(_ file: String? = nil, _ edit: (String) -> String = { $0 }, drop: String? = nil) -> Replay.Result {
        var files = exportFixtureTexts()
        if let file { files[file] = edit(files[file]!) }
        if let drop { files[drop] = nil }
        return Replay.run(doc, library: loadTexts(files).library)
    }

    func kinds(_ r: Replay.Result) -> [String] {
        r.drifts.map { "\($0.step.map(String.init) ?? "-") \($0.kind.rawValue): \($0.message)" }
    }

    @Test func replaysCleanlyAgainstTheSameTrees() {
        let r = Replay.run(doc, library: loadExportTrees())
        #expect(r.clean)
        #expect(r.remarks.isEmpty)
        let steps = fixedWalk(loadExportTrees()).steps
        #expect(r.steps?.map(\.node) == steps.map(\.node))
        #expect(r.steps?.map(\.arrival) == steps.map(\.arrival))
        #expect(r.steps?.map(\.notes) == steps.map(\.notes))
    }

    @Test func aNodeGone() {
        let r = replay("desk.tree") {
            $0.replacingFirst("## refund: Refund asked", with: "## refunds: Refund asked")
                .replacingFirst("-> refund\n", with: "-> refunds\n")
        }
        #expect(kinds(r) == [
            "0 choice-retargeted: choice \"They ask for a refund\" now leads to 'desk#refunds', not 'desk#refund'",
            "1 node-gone: node 'refund' is gone from tree 'desk'; was it renamed to 'refunds'?",
        ])
        #expect(r.steps == nil)
        #expect(r.remarks.count == 1)
    }

    @Test func aChoiceRetargeted() {
        let r = replay("desk.tree") { $0.replacingFirst("They ask for a refund -> refund", with: "They ask for a refund -> gone") }
        #expect(kinds(r) == ["0 choice-retargeted: choice \"They ask for a refund\" now leads to 'desk#gone', not 'desk#refund'"])
        // Every node is still there: the move that no longer follows becomes a jump.
        #expect(r.steps?[1].arrival == .goto)
    }

    @Test func aChoiceRelabelled() {
        let r = replay("desk.tree") { $0.replacingFirst("They ask for a refund -> refund", with: "They want a refund -> refund") }
        #expect(kinds(r) == ["0 choice-relabelled: choice to 'desk#refund' was relabelled: \"They ask for a refund\" is now \"They want a refund\""])
        #expect(r.steps?[1].arrival == .choice(0))
    }

    @Test func aChoiceGone() {
        let r = replay("desk.tree") { $0.replacingFirst("* They shout | loudly -> calls#calm\n", with: "") }
        #expect(kinds(r) == ["2 choice-gone: choice \"They shout | loudly\" → 'calls#calm' is gone"])
    }

    @Test func textChanged() {
        let r = replay("desk.tree") {
            $0.replacingFirst("## refund: Refund asked", with: "## refund: Refund requested")
                .replacingFirst("> Let me check that.", with: "> Let me look.")
        }
        #expect(kinds(r) == [
            "1 text-changed: title changed: \"Refund asked\" is now \"Refund requested\"",
            "1 text-changed: phrase 1 changed: \"Let me check that.\" is now \"Let me look.\"",
        ])
        #expect(r.remarks.count == 1 && r.remarks[0].hasPrefix("tree 'desk' has changed since the path was saved"))
    }

    @Test func aTreeGone() {
        let r = replay(drop: "calls.tree")
        #expect(kinds(r).contains("3 tree-gone: tree 'calls' is not loaded"))
        #expect(r.steps == nil)
    }
}
