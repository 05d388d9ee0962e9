import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct ParserLineKindTests {
    @Test func titleAndTreeMetadata() throws {
        let (tree, diags) = parse("""
            // a comment
            # Angry customer
            id: angry
            start: b
            lang: nl
            summary: Someone is upset.
            tags: demo, abusive
            version: 3

            ## a: First
            Text.
            * on -> b
            ## b: Second
            outcome: resolved
            Done.
            """)
        #expect(diags.isEmpty)
        let t = try #require(tree)
        #expect(t.id == "angry")
        #expect(t.title == "Angry customer")
        #expect(t.titlePosition == Position(line: 2, column: 1))
        #expect(t.lang == "nl")
        #expect(t.summary == "Someone is upset.")
        #expect(t.tags == ["demo", "abusive"])
        #expect(t.version == "3")
        #expect(t.startNode?.id == "b")
    }

    @Test func defaultsFromFileNameAndFirstNode() throws {
        let (tree, diags) = parse("# T\n## first: F\noutcome: ended\nx\n", id: "from-file")
        #expect(diags.isEmpty)
        #expect(tree?.id == "from-file")
        #expect(tree?.lang == "en")
        #expect(tree?.startNode?.id == "first")
    }

    @Test func nodeHeaderWithLocation() throws {
        let (tree, _) = parse("# T\n\n   ## listen:   Listen fully  \nx\n")
        let node = try #require(tree?.nodes.first)
        #expect(node.id == "listen")
        #expect(node.title == "Listen fully")
        #expect(node.position == Position(line: 3, column: 4))
    }

    @Test func phrasesJoinAndSplit() throws {
        let (tree, diags) = parse("""
            # T
            ## a: A
            > First line
            > continues here.

            > Second phrase.
            >
            > Third, after a lone marker.
            """)
        #expect(diags.isEmpty)
        let node = try #require(tree?.nodes.first)
        #expect(node.phrases.map(\.text) == ["First line continues here.", "Second phrase.", "Third, after a lone marker."])
        #expect(node.phrases.map(\.position.line) == [3, 6, 8])
    }

    @Test func guidanceParagraphs() throws {
        let (tree, _) = parse("""
            # T
            ## a: A
            source: 002-calm
            One line
            and its continuation.

            Second paragraph.
            note: this is guidance, not metadata.
            """)
        let node = try #require(tree?.nodes.first)
        #expect(node.guidance == ["One line and its continuation.", "Second paragraph. note: this is guidance, not metadata."])
        #expect(node.sources == ["002-calm"])
    }

    @Test func choicesWithTargetsAndColumns() throws {
        let (tree, diags) = parse("""
            # T
            ## a: A
            x
            * Plain -> b
            *   Another tree ->   rude#insults
            * Arrow -> in label -> rude
            ## b: B
            outcome: resolved
            y
            """)
        #expect(diags.isEmpty)
        let choices = try #require(tree?.nodes.first?.choices)
        #expect(choices.map(\.label) == ["Plain", "Another tree", "Arrow -> in label"])
        #expect(choices[0].target == TargetName(tree: nil, node: "b"))
        #expect(choices[1].target == TargetName(tree: "rude", node: "insults"))
        #expect(choices[2].target == TargetName(tree: nil, node: "rude"))
        #expect(choices[1].position == Position(line: 5, column: 1))
        #expect(choices[1].targetColumn == 23)
    }

    @Test func nodeMetadata() throws {
        let (tree, _) = parse("# T\n## a: A\nsource: 002-calm, free text\ntone: warm\ntags: boundary\noutcome: safety\nx\n")
        let node = try #require(tree?.nodes.first)
        #expect(node.sources == ["002-calm", "free text"])
        #expect(node.tone == "warm")
        #expect(node.tags == ["boundary"])
        #expect(node.outcome == "safety")
        #expect(node.isEnd)
    }

    @Test func commentsAreTransparent() throws {
        let (tree, _) = parse("# T\n## a: A\n> one\n// between\n> two\n")
        #expect(tree?.nodes.first?.phrases.map(\.text) == ["one two"])
    }

    @Test func columnsCountScalarsNotBytes() throws {
        let (_, diags) = parse("# T\n## a: A\nx\n* Ελληνικά -> Bad!\n")
        #expect(diags.first?.location.column == 15)
    }

    @Test func crlfAndBOM() throws {
        let result = Loader().load(paths: [fixtures + "/crlf-bom.tree"])
        #expect(result.diagnostics.isEmpty)
        let tree = try #require(result.library.tree("windows"))
        #expect(tree.nodes.map(\.id) == ["a", "b"])
        #expect(tree.nodes[0].guidance == ["Hello from Windows."])
        #expect(tree.nodes[0].phrases.map(\.text) == ["A phrase."])
        #expect(tree.nodes[0].choices.first?.target.node == "b")
        #expect(tree.titlePosition == Position(line: 2, column: 1))
    }
}
