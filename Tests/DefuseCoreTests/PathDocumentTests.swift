import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct PathDocumentTests {
    static let trees: [String: String] = [
        "a.tree": """
        # Tree A
        id: a

        ## start: Start here
        > Hello there.
        * Go on -> middle
        * Leave -> b

        ## middle: The middle
        * Finish -> done

        ## done: Done
        outcome: resolved
        """,
        "b.tree": """
        # Tree B
        id: b

        ## s: B start
        outcome: ended
        """,
    ]

    func walked() -> Session {
        let result = loadTexts(Self.trees)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let clock = SteppingClock(start: 1_795_000_000, step: 60)
        var session = Session(library: result.library, clock: { clock.next() })
        try! session.open("a")
        try! session.choose(1)
        try! session.addNote("a note")
        try! session.goto("b")
        return session
    }

    @Test func fromSessionKeepsIdsTextsAndTakenChoices() {
        let doc = PathDocument(session: walked(), version: "0.1.0", created: Timestamp(seconds: 1_795_000_500))
        #expect(doc.steps.map(\.ref) == ["a#start", "a#middle", "b#s"])
        #expect(doc.steps.map(\.arrival) == [.open, .choice, .goto])
        #expect(doc.steps[0].taken == PathDocument.Taken(label: "Go on", target: "a#middle"))
        #expect(doc.steps[1].taken == nil)  // left by goto
        #expect(doc.steps[0].phrases == ["Hello there."])
        #expect(doc.steps[1].notes.map(\.text) == ["a note"])
        #expect(doc.outcome == "ended")
        #expect(doc.trees.map(\.id) == ["a", "b"])
        #expect(doc.trees[0].hash.count == 16)
    }

    @Test func roundTrips() throws {
        let doc = PathDocument(session: walked(), version: "0.1.0", created: Timestamp(seconds: 1_795_000_500))
        let text = doc.encoded()
        #expect(text.contains("\"schema\": \"defuse.path/1\""))
        #expect(text.contains("\"created\": \"2026-11-18T"))
        let back = try PathDocument.decode(text: text).get()
        #expect(back == doc)
    }

    /// A walk on the practice fixture with what a trainee adds: words said
    /// and rated, a drill turn, and branches tried and undone, one nested in
    /// another.
    func practised() throws -> (Session, Library) {
        let lib = Loader().load(paths: [fixtures + "/practice"]).library
        let clock = SteppingClock(start: 1_795_000_000, step: 9)
        var session = Session(library: lib, clock: { clock.next() })
        _ = try session.open("escalate")
        _ = try session.say("I hear you.")
        try session.rate(2)
        _ = try session.choose(1)  // louder
        try session.addNote("raised")
        _ = try session.choose(1)  // threat
        _ = try session.say("1")
        _ = try session.back()  // a branch from louder
        _ = try session.choose(2)  // calmer
        _ = try session.back(2)  // a branch from start, with louder's inside
        session.setDrill(true)
        _ = try session.choose(2)  // calmer, a drill turn not answered
        return (session, lib)
    }

    @Test func wordsRatingsDrillAndNestedBranchesRoundTripAndLoad() throws {
        let (session, lib) = try practised()
        #expect(session.steps[0].undone.count == 1 && session.steps[0].undone[0][0].undone.count == 1, "nested")
        let doc = PathDocument(session: session, version: "0.1.0", created: Timestamp(seconds: 1_795_000_500))
        #expect(doc.steps[0].annotations.said == Said(text: "I hear you.", seconds: 9), "said one tick after arriving")
        #expect(doc.steps[0].annotations.rating == 2)
        #expect(doc.steps[0].undone[0][0].undone[0][0].annotations.said?.phrase == 1)
        #expect(doc.steps[0].undone[0][0].notes.map(\.text) == ["raised"])
        #expect(doc.steps.map(\.intensity) == [2, 1])
        #expect(doc.steps.map(\.drill) == [false, true])
        let back = try PathDocument.decode(text: doc.encoded()).get()
        #expect(back == doc)
        // 'load' (a replay) brings the same walk back, branches and all.
        let replay = Replay.run(back, library: lib)
        #expect(replay.clean)
        #expect(replay.steps?.map(\.undone) == session.steps.map(\.undone))
        #expect(replay.steps?.map(\.annotations) == session.steps.map(\.annotations))
    }

    @Test func aPathWrittenBeforeWordsAndBranchesStillLoads() throws {
        // defuse.path/1 as the first version wrote it: no intensity, said,
        // rating, drill or undone.
        let text = """
            {"schema": "defuse.path/1", "defuse": "0.1.0", "created": "2026-11-18T11:06:40Z", "lang": "en",
             "trees": [{"id": "a", "title": "Tree A", "file": "a.tree", "hash": "0123456789abcdef", "lang": "en"}],
             "outcome": null,
             "steps": [{"tree": "a", "node": "start", "title": "Start here", "time": "2026-11-18T11:06:40Z",
                        "arrival": "open", "phrases": ["Hello there."], "notes": [{"text": "old", "time": "2026-11-18T11:06:50Z"}],
                        "taken": {"label": "Go on", "target": "a#middle"}},
                       {"tree": "a", "node": "middle", "title": "The middle", "time": "2026-11-18T11:07:40Z",
                        "arrival": "choice", "phrases": [], "notes": [], "taken": null}]}
            """
        let doc = try PathDocument.decode(text: text).get()
        #expect(doc.steps.map(\.ref) == ["a#start", "a#middle"])
        #expect(doc.steps.allSatisfy { $0.intensity == nil && $0.annotations.said == nil && $0.annotations.rating == nil && !$0.drill && $0.undone.isEmpty })
        #expect(doc.steps[0].notes.map(\.text) == ["old"])
    }

    func error(_ text: String) -> String {
        switch PathDocument.decode(text: text) {
        case .success: return "decoded"
        case .failure(let e): return e.description
        }
    }

    func edited(_ edit: (inout String) -> Void) -> String {
        var text = PathDocument(session: walked(), version: "0.1.0", created: Timestamp(seconds: 1_795_000_500)).encoded()
        edit(&text)
        return text
    }

    @Test func badInputNamesWhatIsWrong() {
        #expect(error("") == "not valid JSON: line 1, column 1: empty input: expected a JSON value")
        let full = edited { _ in }
        let truncated = String(full.prefix(full.count / 2))
        #expect(error(truncated).hasPrefix("not valid JSON: line "))
        #expect(error("[]") == "expected an object, found an array")
        #expect(error("{}") == "schema: missing")
        #expect(error(#"{"schema":"something"}"#).hasPrefix("schema: expected \"defuse.path/1\""))
        #expect(error(#"{"schema":"defuse.path/2"}"#).hasPrefix("schema: version 'defuse.path/2' is not supported"))
        #expect(error(edited { $0 = $0.replacingFirst(#""node": "middle""#, with: #""node": 3"#) })
                == "steps[1].node: expected a string, found a number")
        #expect(error(edited { $0 = $0.replacingFirst(#""node": "middle""#, with: #""node": "Mid dle""#) })
                == "steps[1].node: 'Mid dle' is not an id: it may hold only lowercase letters a-z, digits and '-'")
        #expect(error(edited { $0 = $0.replacingFirst(#""arrival": "goto""#, with: #""arrival": "jump""#) })
                == "steps[2].arrival: expected one of open, choice, goto, restart; found \"jump\"")
        #expect(error(edited { $0 = $0.replacingFirst(#""target": "a#middle""#, with: #""target": "a#done""#) })
                == "steps[0].taken.target: leads to 'a#done' but steps[1] is 'a#middle'")
        #expect(error(edited { $0 = $0.replacingFirst(#""created": "2026-"#, with: #""created": "x2026-"#) })
                .hasPrefix("created: expected a time like"))
        #expect(error(edited { $0 = $0.replacingFirst(#""tree": "b""#, with: #""tree": "c""#) })
                == "steps[2].tree: tree 'c' is not listed in 'trees'")
        #expect(error(edited { $0 = $0.replacingFirst(#""text": "a note""#, with: #""text": null"#) })
                == "steps[1].notes[0].text: expected a string, found null")
    }

    @Test func everyTruncationAndByteFlipIsAnErrorNotACrash() {
        let full = Array(edited { _ in }.utf8)
        for n in 0..<(full.count - 1) {  // (without only its final newline, it is whole)
            guard case .failure(let e) = PathDocument.decode(bytes: Array(full[0..<n])) else {
                Issue.record("a path cut at byte \(n) decoded")
                continue
            }
            #expect(!e.description.isEmpty)
        }
        var flipped = 0
        for i in stride(from: 0, to: full.count, by: 3) {
            var bytes = full
            bytes[i] ^= 0x20
            if case .failure = PathDocument.decode(bytes: bytes) { flipped += 1 }
        }
        // Flips inside free text still decode; flips of structure, keys and ids do not.
        #expect(flipped > full.count / 3 / 4)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error(deep) == "not valid JSON: line 1, column 258: nesting deeper than 256 levels")
    }
}
