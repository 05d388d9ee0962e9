import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GraphExportTests {
    @Test func dotShowsOutcomesCrossTreeEdgesAndThePath() {
        let lib = loadExportTrees()
        let doc = fixedDocument(lib)
        let dot = GraphExport(library: lib, tree: lib.treeIndex["desk"]!, path: doc).dot()
        #expect(dot.hasPrefix("digraph \"desk\" {\n  graph [label=\"Front *desk* <help>\""))
        #expect(dot.contains("  \"desk#done\" [label=\"Done\\ndone\", fillcolor=\"#d4edda\", peripheries=2, xlabel=\"resolved\"];"))
        #expect(dot.contains("  \"calls#calm\" [label=\"calls#calm\", shape=note, style=dashed, color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"desk#refund\" [label=\"They ask for a refund\", color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"calls#calm\" [label=\"They shout | loudly\", style=dashed, color=\"#1f6feb\", penwidth=3];"))
        #expect(dot.contains("  \"desk#greet\" -> \"desk#gone\" [label=\"They leave\"];"))
        #expect(dot.hasSuffix("}\n"))
        // Without a path nothing is highlighted.
        #expect(!GraphExport(library: lib, tree: 0).dot().contains("#1f6feb"))
    }

    @Test func mermaidShowsIncomingEdgesFromOtherTrees() {
        let lib = loadExportTrees()
        let m = GraphExport(library: lib, tree: lib.treeIndex["calls"]!, path: fixedDocument(lib)).mermaid()
        #expect(m.hasPrefix("---\ntitle: Calls\n---\nflowchart TD\n  n0[\"Calm them<br/><small>calm</small>\"]\n"))
        #expect(m.contains("  x0[/\"desk#35;greet\"/]\n"))
        #expect(m.contains("  x0 -.->|\"They shout #124; loudly\"| n0\n"))
        #expect(m.contains("  class n0 outcomesafety\n"))
        #expect(m.contains("  linkStyle 0 stroke:#1f6feb,stroke-width:3px\n"))
    }

    @Test func aHundredThousandNodesDrawWithoutRecursion() {
        var text = "# Long\nid: long\n"
        let n = 100_000
        for i in 0..<n {
            text += "\n## n\(i): Step \(i)\n"
            text += i + 1 < n ? "* next -> n\(i + 1)\n" : "outcome: resolved\n"
        }
        let result = loadTexts(["long.tree": text])
        let dot = GraphExport(library: result.library, tree: 0).dot()
        #expect(dot.split(separator: "\n").count == 4 + n + (n - 1) + 1)
        let mermaid = GraphExport(library: result.library, tree: 0).mermaid()
        #expect(mermaid.contains("  n99998 -->|\"next\"| n99999\n"))
    }
}
