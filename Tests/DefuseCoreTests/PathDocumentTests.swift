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
