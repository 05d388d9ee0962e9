import DefuseCore
import DefuseTestSupport
import Testing

/// `WorkshopReport` over hand-made saved paths on a small tree, and how
/// `ReportExporter` and `HeatMap` draw it.
@Suite struct WorkshopReportTests {
    static let tree = """
    # Small
    id: small
    ## s: Start
    source: x
    intensity: 1
    Go.
    > Hello there.
    * one -> a
    * two -> b
    * again -> a
    ## a: A
    source: x
    intensity: 3
    Go.
    > Phrase A.
    * on -> good
    * back -> s
    * other -> b
    ## b: B
    source: x
    intensity: 4
    Go.
    * on -> bad
    * sideways -> a
    ## good: Good
    source: x
    intensity: 0
    outcome: resolved
    Done.
    ## bad: Bad
    source: x
    intensity: 5
    outcome: ended
    Done.
    """

    static func library(_ text: String = tree) -> Library {
        let result = loadTexts(["small.tree": text])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return result.library
    }

    /// A step at `node` at second `t`, with the node's intensity.
    static func step(_ node: String, _ t: Int64, _ lib: Library, arrival: Arrival.Kind = .choice) -> PathDocument.PathStep {
        let ref = lib.ref(tree: "small", node: node)
        return PathDocument.PathStep(tree: "small", node: node, title: ref.map { lib.node($0).title } ?? node,
                                     time: Timestamp(seconds: 1_795_000_000 + t), arrival: arrival,
                                     intensity: ref.flatMap { lib.node($0).intensity?.value },
                                     phrases: ref.map { lib.node($0).phrases.map(\.text) } ?? [])
    }

    /// Steps through `nodes` at the given seconds, each taking the first choice to the next.
    static func walk(_ nodes: [String], _ times: [Int64], _ lib: Library, first: Arrival.Kind = .open) -> [PathDocument.PathStep] {
        var steps: [PathDocument.PathStep] = []
        for (i, node) in nodes.enumerated() {
            steps.append(step(node, times[i], lib, arrival: i == 0 ? first : .choice))
            if i > 0 {
                let from = lib.node(lib.ref(tree: "small", node: nodes[i - 1])!)
                let label = from.choices.first { $0.resolved.map { lib.address(of: $0) } == "small#" + node }!.label
                steps[i - 1].taken = PathDocument.Taken(label: label, target: "small#" + node)
            }
        }
        return steps
    }

    static func document(_ steps: [PathDocument.PathStep], outcome: String?, _ lib: Library, hash: String? = nil) -> PathDocument {
        let tree = lib.tree("small")!
        return PathDocument(defuse: "test", created: steps.last!.time, lang: "en",
                            trees: [.init(id: "small", title: tree.title, file: tree.file, hash: hash ?? tree.contentHash, lang: "en")],
                            outcome: outcome, steps: steps)
    }

    /// Three sessions: s→a→good, s→b→bad, and s→a stopped there after
    /// trying a→b and going back.
    static func threeSessions(_ lib: Library) -> [PathDocument] {
        var third = walk(["s", "a"], [0, 60], lib)
        third[1].undone = [[step("b", 70, lib)]]
        return [
            document(walk(["s", "a", "good"], [0, 10, 40], lib), outcome: "resolved", lib),
            document(walk(["s", "b", "bad"], [0, 20, 30], lib), outcome: "ended", lib),
            document(third, outcome: nil, lib),
        ]
    }

    static func report(_ docs: [PathDocument], _ lib: Library) -> WorkshopReport {
        var builder = WorkshopReport.Builder(library: lib)
        for (i, doc) in docs.enumerated() { builder.add(doc, name: "p\(i + 1).json") }
        return builder.finish()
    }

    @Test func countsSessionsAsCoverageCountsPaths() throws {
        let lib = Self.library()
        let docs = Self.threeSessions(lib)
        let r = Self.report(docs, lib)
        func ref(_ n: String) -> NodeRef { lib.ref(tree: "small", node: n)! }
        #expect(r.sessions.map(\.name) == ["p1.json", "p2.json", "p3.json"])
        #expect(r.steps == 8)
        #expect(r.triedSteps == 1)
        #expect(["s", "a", "b", "good", "bad"].map { r.tally.sessions(at: ref($0)) } == [3, 2, 2, 1, 1])
        #expect(r.tally.sessions(taking: ChoiceRef(node: ref("s"), index: 0)) == 2)
        #expect(r.tally.sessions(taking: ChoiceRef(node: ref("a"), index: 2)) == 1)  // the branch tried and undone
        #expect(r.tally.sessions(taking: ChoiceRef(node: ref("s"), index: 2)) == 0)
        // The same figures as the union of each path's coverage (what `defuse coverage` reads).
        var union = CoverageData()
        for doc in docs { union.merge(CoverageData.of(doc, library: lib).0) }
        let part = try #require(r.part(0))
        #expect(part.coverage == union.coverage(of: 0, in: lib))
        #expect(r.total.nodesVisited == 5 && r.total.choicesTaken == 5 && r.total.choices == 8)
        #expect(part.sessions == 3 && part.steps == 8)
        // Outcomes: most first, ties by name, not finished last.
        #expect(r.outcomes == [.init(outcome: "ended", sessions: 1), .init(outcome: "resolved", sessions: 1),
                               .init(outcome: nil, sessions: 1)])
        #expect(part.ended.map(\.sessions).reduce(0, +) == 3)
        // Where walks stopped, went back, and stayed (median of 10, 20 and 60 s at s).
        #expect(part.stuck == [.init(node: ref("a"), stopped: 1, wentBack: 1, medianSeconds: 30)])
        #expect(part.longestStays.map(\.node) == [ref("a"), ref("s"), ref("b")])
        #expect(part.longestStays.map(\.medianSeconds) == [30, 20, 10])
        // Nearest untried from the start, with the way there.
        #expect(part.next.map(\.choice) == [ChoiceRef(node: ref("s"), index: 2), ChoiceRef(node: ref("a"), index: 1),
                                            ChoiceRef(node: ref("b"), index: 1)])
        #expect(part.next.map(\.route) == [[], [ChoiceRef(node: ref("s"), index: 0)], [ChoiceRef(node: ref("s"), index: 1)]])
        // Intensity per step index: 1,1,1 · 3,4,3 · 0,5.
        #expect(r.intensity == [.init(step: 1, sessions: 3, median: 1, min: 1, max: 1),
                                .init(step: 2, sessions: 3, median: 3, min: 3, max: 4),
                                .init(step: 3, sessions: 2, median: 2.5, min: 0, max: 5)])
        // Over the tree's steps: 0, 1, 1, 1, 3, 3, 4, 5.
        #expect(part.intensity == .init(steps: 8, median: 2, min: 0, max: 5))
        #expect(r.olderSessions.isEmpty)
    }

    @Test func drillNotesAndDrift() throws {
        let lib = Self.library()
        // (A walk's last step is nobody's unanswered turn: the walk goes on to b.)
        var steps = Self.walk(["s", "a", "b"], [0, 30, 40], lib)
        steps[0].drill = true
        steps[0].annotations = StepAnnotations(notes: [Note(text: "first note", time: Timestamp(seconds: 1_795_000_005))],
                                               said: Said(text: "Hi.", seconds: 8), rating: 2)
        steps[1].drill = true  // moved on without answering
        var branch = Self.step("b", 20, lib)
        branch.annotations.notes = [Note(text: "in a branch", time: Timestamp(seconds: 1_795_000_021))]
        steps[0].undone = [[branch]]
        var other = Self.walk(["s"], [0], lib)
        other[0].annotations = StepAnnotations(said: Said(text: "Hello there.", phrase: 1, seconds: 4), rating: 4)
        var gone = Self.step("zz", 50, lib, arrival: .goto)
        gone.annotations = StepAnnotations(notes: [Note(text: "at a node since removed", time: Timestamp(seconds: 1_795_000_051))],
                                           said: Said(text: "Old words.", seconds: 90), rating: 1)
        other.append(gone)
        let docs = [Self.document(steps, outcome: nil, lib), Self.document(other, outcome: nil, lib, hash: "0000000000000000")]
        let r = Self.report(docs, lib)
        #expect(r.turns == 2 && r.drilledTurns == 1 && r.answers == 3)
        #expect(r.averageRating.map { ($0 * 100).rounded() } == 233)  // (2 + 4 + 1) / 3
        #expect(r.drill.map(\.ref) == ["small#s", "small#a", "small#zz"])
        let s = r.drill[0]
        #expect(s.answers.map(\.said.text) == ["Hi.", "Hello there."])
        #expect(s.answers.map(\.place) == ["step 1", "step 1"])
        #expect(s.averageRating == 3 && s.medianSeconds == 6 && s.turns == 1 && s.notDrilled == 0)
        #expect(r.drill[1].turns == 1 && r.drill[1].notDrilled == 1 && r.drill[1].answers.isEmpty)
        #expect(r.drill[2].node == nil && r.drill[2].title == "zz")
        #expect(r.slowest().map(\.ref) == ["small#zz", "small#s"])
        #expect(r.lowestRated().map(\.ref) == ["small#zz", "small#s"])
        // Notes by node in the tree's order; those at a node no longer there last.
        #expect(r.notes.map(\.ref) == ["small#s", "small#b", "small#zz"])
        #expect(r.notes[1].notes.map(\.place) == ["tried from step 1"])
        #expect(r.notes[2].notes.map(\.session) == [1])
        // The second path was made with another version of the tree and has a node that is gone.
        #expect(r.olderSessions == [1])
        #expect(r.sessions[1].changedTrees == ["small"])
        #expect(r.sessions[1].drifts.map(\.kind) == [.nodeGone])
        #expect(r.sessions[1].warnings.count == 1)
        let md = ReportExporter(report: r, library: lib, version: "test").markdown()
        #expect(md.contains("## At nodes no longer in the trees"))
        #expect(md.contains("- `p2.json` (2026-11-18): made with another version of `small`; 1 difference: step 2 `small#zz` node-gone"))
        #expect(md.contains("moved on without answering in 1 of 1 drill turn"))
    }

    @Test func shadesCoverEveryCountOnce() {
        for sessions in 1...40 {
            var seen: [Int] = []
            for shade in 1...HeatMap.shades {
                if let range = HeatMap.counts(inShade: shade, of: sessions) { seen += Array(range) }
            }
            #expect(seen == Array(1...sessions), "\(sessions) sessions")
            for count in 1...sessions {
                let shade = HeatMap.shade(count, of: sessions)
                #expect(HeatMap.counts(inShade: shade, of: sessions)?.contains(count) == true)
            }
            #expect(HeatMap.shade(0, of: sessions) == 0)
            #expect(HeatMap.shade(sessions, of: sessions) == HeatMap.shades)
        }
        let map = HeatMap(library: Self.library(), tree: 0, tally: CoverageTally(), sessions: 6)
        #expect(map.legendLabel(0) == "nobody")
        #expect(map.legendLabel(1) == "1 session (up to 25%)")
        #expect(map.legendLabel(2) == "2–3 sessions (up to 50%)")
        #expect(HeatMap(library: Self.library(), tree: 0, tally: CoverageTally(), sessions: 2).legendLabel(1) == nil)
    }

    @Test func heatMapShadesNodesAndChoices() throws {
        let lib = Self.library()
        let r = Self.report(Self.threeSessions(lib), lib)
        let drawing = HeatMap(library: lib, tree: 0, tally: r.tally, sessions: 3).draw()
        #expect(drawing.note == nil)
        let m = drawing.mermaid
        #expect(m.contains("n0[\"Start<br/><small>start · s · 3 of 3</small>\"]"))
        #expect(m.contains("n3([\"Good<br/><small>good · resolved · 1 of 3</small>\"])"))
        #expect(m.contains("n0 -->|\"one · 2\"| n1"))
        #expect(m.contains("n0 -->|\"again\"| n1"))
        #expect(m.contains("class n0 heat4"))       // 3 of 3
        #expect(m.contains("class n1,n2 heat3"))    // 2 of 3
        #expect(m.contains("class n3,n4 heat2"))    // 1 of 3
        #expect(m.contains("linkStyle 2,4,7 stroke:#c8c8c8"))
        #expect(drawing.legend.contains("l4[\"3 sessions (up to 100%)\"]:::heat4"))
    }

    @Test func bigTreesAreDrawnInPart() throws {
        // A chain of 200 nodes, each leading to the next two.
        var text = "# Long\nid: small\n"
        for i in 0..<200 {
            text += "## n\(i): Node \(i)\nsource: x\nGo.\n"
            if i + 1 < 200 { text += "* next -> n\(i + 1)\n" }
            if i + 2 < 200 { text += "* skip -> n\(i + 2)\n" }
            if i == 199 { text += "outcome: resolved\n" }
        }
        let lib = Self.library(text)
        func chain(_ count: Int) -> PathDocument {
            var steps: [PathDocument.PathStep] = []
            for i in 0..<count {
                steps.append(Self.step("n\(i)", Int64(i), lib, arrival: i == 0 ? .open : .choice))
                if i > 0 { steps[i - 1].taken = PathDocument.Taken(label: "next", target: "small#n\(i)") }
            }
            return Self.document(steps, outcome: nil, lib)
        }
        var tally = CoverageTally()
        tally.add(chain(5), library: lib)
        let part = HeatMap(library: lib, tree: 0, tally: tally, sessions: 1).draw()
        #expect(part.note == "The tree has 200 nodes: the map shows the 5 that someone visited and the 2 one untried choice away from them.")
        #expect(part.mermaid.contains("n6[\"Node 6<br/><small>n6 · nobody</small>\"]"))
        #expect(!part.mermaid.contains("n7["))
        #expect(part.mermaid.contains("n4 -->|\"next\"| n5"))
        #expect(!part.mermaid.contains("n6 -->"))
        // More visited than partLimit: the most visited are drawn, and no more.
        tally.add(chain(130), library: lib)
        let most = HeatMap(library: lib, tree: 0, tally: tally, sessions: 2).draw()
        #expect(most.note == "The tree has 200 nodes and 130 were visited: the map shows the \(HeatMap.partLimit) most visited.")
        let boxes = most.mermaid.split(separator: "\n").filter { $0.hasPrefix("  n") && $0.contains("[\"") }
        #expect(boxes.count == HeatMap.partLimit)
        #expect(most.mermaid.contains("n0[\"Node 0<br/><small>start · n0 · 2 of 2</small>\"]"))
        #expect(!most.mermaid.contains("n129["))
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let lib = Self.library(Self.tree.replacingOccurrences(of: "## a: A", with: "## a: A | \"quoted\" *bold*"))
        var steps = Self.walk(["s", "a"], [0, 10], lib)
        steps[1].annotations = StepAnnotations(notes: [Note(text: "two\nlines | pipe \u{1B}[2J", time: Timestamp(seconds: 1_795_000_011))],
                                               said: Said(text: "said | \u{202E}this", seconds: 3), rating: 3)
        let r = Self.report([Self.document(steps, outcome: nil, lib)], lib)
        let exporter = ReportExporter(report: r, library: lib, version: "test")
        let md = exporter.markdown()
        #expect(!md.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A) || $0.value == 0x202E })
        #expect(md.contains("two\\\\nlines \\| pipe \\\\e\\[2J"))
        #expect(md.contains("“said \\| \\<U+202E\\>this”"))
        #expect(md.contains("A \\| \"quoted\" \\*bold\\*"))
        #expect(md.contains("A #124; #quot;quoted#quot; #42;bold#42;<br/>"))
        // The JSON keeps the text as it was (escaped as JSON).
        let json = exporter.render(.json)
        guard case .success(let value) = JSON.parse(json) else { Issue.record("the JSON report does not parse"); return }
        let notes = value["notes"]?.arrayValue?.first?["notes"]?.arrayValue?.first
        #expect(notes?["text"]?.stringValue == "two\nlines | pipe \u{1B}[2J")
        #expect(value["sessions"]?.arrayValue?.count == 1)
        #expect(value["schema"]?.stringValue == "defuse.report/1")
    }

    @Test func jsonCarriesTheFigures() throws {
        let lib = Self.library()
        let r = Self.report(Self.threeSessions(lib), lib)
        let text = ReportExporter(report: r, library: lib, version: "test").render(.json)
        guard case .success(let json) = JSON.parse(text) else { Issue.record("the JSON report does not parse"); return }
        #expect(json["sessions"]?.arrayValue?.map { $0["file"]?.stringValue } == ["p1.json", "p2.json", "p3.json"])
        #expect(json["sessions"]?.arrayValue?[2]["outcome"] == .null)
        #expect(json["outcomes"]?.arrayValue?.map { $0["share"]?.intValue ?? -1 } == [-1, -1, -1])  // thirds are not whole
        #expect(json["outcomes"]?.arrayValue?.first?["share"] == .double(0.3333))
        let tree = try #require(json["trees"]?.arrayValue?.first)
        let heat = tree["heat"]?["nodes"]?.arrayValue?.map { $0["sessions"]?.intValue ?? -1 }
        #expect(heat == [3, 2, 2, 1, 1])
        let choices = tree["heat"]?["choices"]?.arrayValue ?? []
        #expect(choices.map { $0["sessions"]?.intValue ?? -1 } == [2, 1, 0, 1, 0, 1, 1, 0])
        #expect(choices.first?["label"]?.stringValue == "one")
        #expect(tree["next"]?.arrayValue?.map { $0["distance"]?.intValue ?? -1 } == [0, 1, 1])
        #expect(tree["stuck"]?.arrayValue?.first?["wentBack"]?.intValue == 1)
        #expect(json["intensity"]?.arrayValue?.last?["median"] == .double(2.5))
        #expect(json["coverage"]?["nodes"]?["visited"]?.intValue == 5)
    }
}
