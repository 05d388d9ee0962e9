import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `TreeFormatter` (`defuse fmt`): the canonical layout, idempotence, and
/// the meaning left alone, on every bundled and fixture tree.
@Suite struct TreeFormatterTests {
    // MARK: The layout

    @Test func messyTreeGetsTheCanonicalLayout() {
        let messy = """
            // A tree laid out carelessly.

               #   Messy tree   \t
            version: 2
            summary:   Everything at once.
            id: messy
            lang:\tnl
            ##   start :   The start:  with a colon
            tone: warm
            // about the source
            source: 002-calm
            intensity: 2
            colour: blue
            tone: firm
            First line
            // inside a paragraph
              and its continuation.   


            Second paragraph.
            >A phrase
            >   over two lines.
            >
            > Another phrase.
            *   Go on->next
            * Stop   ->   end

            // between choices
            *\tSideways -> other#x
            ## next: Next

            note: guidance that looks like metadata, after a blank line.
            * Done -> end
            ## end: End
            outcome: resolved
            The end.   
            // the last word


            """
        let expected = """
            // A tree laid out carelessly.

            # Messy tree
            id: messy
            lang: nl
            summary: Everything at once.
            version: 2

            ## start: The start:  with a colon
            // about the source
            source: 002-calm
            intensity: 2
            tone: warm
            tone: firm
            colour: blue
            First line
            // inside a paragraph
            and its continuation.

            Second paragraph.

            > A phrase
            > over two lines.

            > Another phrase.

            * Go on -> next
            * Stop -> end
            // between choices
            * Sideways -> other#x

            ## next: Next

            note: guidance that looks like metadata, after a blank line.

            * Done -> end

            ## end: End
            outcome: resolved
            The end.
            // the last word

            """
        let out = formatted(messy, file: "messy.tree")
        #expect(out == expected)
        #expect(formatted(out, file: "messy.tree") == out, "idempotent")
        expectSameMeaning(messy, out, file: "messy.tree")
    }

    @Test func metadataGoesInTheFormatsOrderAndTheFirstOfTwoStillCounts() throws {
        let out = formatted("""
            # T
            version: 1
            tags: a
            start: a
            id: t
            ## a: A
            tone: warm
            outcome: resolved
            intensity: 1
            tags: x
            source: s
            zeta: 1
            alpha: 2
            tone: firm
            Text.
            """)
        #expect(out == """
            # T
            id: t
            start: a
            tags: a
            version: 1

            ## a: A
            source: s
            tags: x
            intensity: 1
            outcome: resolved
            tone: warm
            tone: firm
            zeta: 1
            alpha: 2
            Text.

            """)
        let (tree, _) = TreeParser(file: "t.tree").parse(out, defaultID: "t")
        #expect(try #require(tree).nodes[0].tone == "warm")
    }

    @Test func guidanceThatLooksLikeMetadataKeepsItsBlankLine() {
        // A lone '>' ended the header's metadata block: the line under it is guidance.
        let input = "# T\n## a: A\n>\nnote: this is guidance\n"
        let out = formatted(input)
        #expect(out == "# T\n\n## a: A\n\nnote: this is guidance\n")
        expectSameMeaning(input, out)
        // Without it, guidance that does not look like metadata goes directly under the header.
        #expect(formatted("# T\n## a: A\n\nJust text.\n") == "# T\n\n## a: A\nJust text.\n")
    }

    @Test func aLoneMarkerBecomesABlankLine() {
        let input = "# T\n## a: A\nOne\n>\nTwo\n> p\n>\n> q\n"
        let out = formatted(input)
        #expect(out == "# T\n\n## a: A\nOne\n\nTwo\n\n> p\n\n> q\n")
        expectSameMeaning(input, out)
    }

    @Test func commentsStayWhereTheyStand() {
        let input = """
            // header comment
            # T
            // under the title
            id: t

            // before the node, after a blank line
            ## a: A
            // under the header
            Text.
            // after the paragraph, before the choices
            * on -> b
            // trailing comment of a


            // free-standing

            ## b: B
            outcome: ended
            Done.
            """
        let out = formatted(input)
        #expect(out == """
            // header comment
            # T
            // under the title
            id: t

            // before the node, after a blank line
            ## a: A
            // under the header
            Text.

            // after the paragraph, before the choices
            * on -> b
            // trailing comment of a

            // free-standing

            ## b: B
            outcome: ended
            Done.

            """)
        expectSameMeaning(input, out)
    }

    @Test func lineEndingsAndByteOrderMarkAreKept() throws {
        let lf = "# T\n## a: A\nText.\n* on -> b\n## b: B\noutcome: ended\nDone.\n"
        let canonical = formatted(lf)
        let crlf = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(formatted(crlf) == "\u{FEFF}" + canonical.replacingOccurrences(of: "\n", with: "\r\n"))
        // The first line's ending is the file's; a file without a newline gets one.
        #expect(formatted("# T\r\n## a: A\nText.") == "# T\r\n\r\n## a: A\r\nText.\r\n")
        // The fixture the loader reads with a BOM and CRLF.
        let bytes = try #require(readBytes(fixtures + "/crlf-bom.tree"))
        guard case .formatted(let out) = TreeFormatter(file: "crlf-bom.tree").format(bytes) else {
            Issue.record("crlf-bom.tree has errors")
            return
        }
        #expect(Array(out.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(!out.indices.contains { out[$0] == 0x0A && ($0 == 0 || out[$0 - 1] != 0x0D) }, "every line ends in CRLF")
    }

    @Test func aFileWithErrorsIsNotFormatted() {
        for text in ["# T\n## a: A\n### deeper\n", "text before the title\n# T\n## a: A\nx\n", "", "# T\n## A B: c\nx\n",
                     "# T\nstart: nowhere\n## a: A\nx\n"] {
            guard case .errors(let errors) = TreeFormatter(file: "t.tree").format(Array(text.utf8)) else {
                Issue.record("formatted a file with errors: \(text)")
                continue
            }
            #expect(!errors.isEmpty)
            #expect(errors.allSatisfy { $0.severity == .error && $0.location.file == "t.tree" })
        }
        // Warnings do not stop it.
        #expect(formatted("# T\nauthor: me\n## a: A\n") == "# T\nauthor: me\n\n## a: A\n")
    }

    // MARK: Every tree

    /// Every `.tree` file under Trees/ and Tests/Fixtures.
    static let allTrees: [String] = {
        let (files, _) = Loader().treeFiles([packageRoot + "/Trees", fixtures])
        return files
    }()

    @Test func theBundledTreesAreInTheCanonicalLayout() throws {
        let (files, _) = Loader().treeFiles([packageRoot + "/Trees"])
        #expect(files.count >= 25)
        for file in files {
            let bytes = try #require(readBytes(file))
            guard case .formatted(let out) = TreeFormatter(file: file).format(bytes) else {
                Issue.record("\(file) has errors")
                continue
            }
            #expect(out == bytes, "\(file) is not in the canonical layout")
        }
    }

    @Test func everyTreeKeepsItsMeaningAndFormattingTwiceChangesNothing() throws {
        var formattedCount = 0
        var refused = 0
        for file in Self.allTrees {
            let bytes = try #require(readBytes(file))
            let (_, parsed) = TreeParser(file: file).parse(bytes, defaultID: Loader.defaultID(for: file))
            switch TreeFormatter(file: file).format(bytes) {
            case .errors(let errors):
                refused += 1
                #expect(parsed.contains { $0.severity == .error }, "\(file) refused without errors")
                #expect(errors == parsed.filter { $0.severity == .error })
            case .formatted(let once):
                formattedCount += 1
                #expect(!parsed.contains { $0.severity == .error })
                expectSameMeaning(bytes, once, file: file)
                guard case .formatted(let twice) = TreeFormatter(file: file).format(once) else {
                    Issue.record("\(file): the formatted file has errors")
                    continue
                }
                #expect(twice == once, "\(file): formatting twice changed it again")
            }
        }
        #expect(formattedCount >= 40)
        #expect(refused >= 15)
    }

    /// The checker sees the same trees: each folder of trees, formatted into
    /// a copy, loads to the same library with the same findings.
    @Test func theCheckerSeesTheSameLibraries() throws {
        let folders = ["Trees", "Tests/Fixtures/crosstree", "Tests/Fixtures/translation", "Tests/Fixtures/session",
                       "Tests/Fixtures/analysis/lint", "Tests/Fixtures/export/trees", "Tests/Fixtures/broken",
                       "Tests/Fixtures/hostile"]
        for folder in folders {
            let original = packageRoot + "/" + folder
            let copy = makeTempDir()
            let (files, _) = Loader().treeFiles([original])
            for file in files {
                let relative = String(file.dropFirst(original.count))
                let target = copy + relative
                _ = FileSystem.makeDirectories(FileSystem.dirName(target))
                let bytes = try #require(readBytes(file))
                if case .formatted(let out) = TreeFormatter(file: file).format(bytes) {
                    writeFile(target, out)
                } else {
                    writeFile(target, bytes)
                }
            }
            if let sources = readBytes(original + "/SOURCES.md") { writeFile(copy + "/SOURCES.md", sources) }
            let before = Loader().load(paths: [original])
            let after = Loader().load(paths: [copy])
            #expect(dump(before.library) == dump(after.library), "\(folder): the library changed")
            #expect(findings(before.diagnostics, folder: original) == findings(after.diagnostics, folder: copy),
                    "\(folder): the findings changed")
        }
    }

    /// Random variations that do not change the meaning (blanks at the ends
    /// of lines and inside the syntax, extra blank lines, a lone '>' for a
    /// blank line, shuffled metadata, CRLF, a byte order mark) all format to
    /// the same text as the original.
    @Test func variationsFormatToTheSameText() throws {
        let (files, _) = Loader().treeFiles([packageRoot + "/Trees"])
        var rng = SeededGenerator(seed: 18)
        for file in files {
            let original = try #require(readBytes(file))
            guard case .formatted(let canonical) = TreeFormatter(file: file).format(original) else {
                Issue.record("\(file) has errors")
                continue
            }
            let text = String(decoding: original, as: UTF8.self)
            for round in 0..<4 {
                let (variant, crlf, bom) = vary(text, &rng)
                var expected = String(decoding: canonical, as: UTF8.self)
                if crlf { expected = expected.replacingOccurrences(of: "\n", with: "\r\n") }
                if bom { expected = "\u{FEFF}" + expected }
                guard case .formatted(let out) = TreeFormatter(file: file).format(Array(variant.utf8)) else {
                    Issue.record("\(file) round \(round): the variation has errors")
                    continue
                }
                #expect(String(decoding: out, as: UTF8.self) == expected, "\(file) round \(round)")
            }
        }
    }

    // MARK: Helpers

    func formatted(_ text: String, file: String = "t.tree") -> String {
        switch TreeFormatter(file: file).format(Array(text.utf8)) {
        case .formatted(let out): return String(decoding: out, as: UTF8.self)
        case .errors(let errors):
            Issue.record("unexpected errors: \(errors.map(\.message))")
            return ""
        }
    }

    func readBytes(_ path: String) -> [UInt8]? {
        guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 26) else { return nil }
        return bytes
    }

    func expectSameMeaning(_ before: String, _ after: String, file: String = "t.tree",
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        expectSameMeaning(Array(before.utf8), Array(after.utf8), file: file, sourceLocation: sourceLocation)
    }

    func expectSameMeaning(_ before: [UInt8], _ after: [UInt8], file: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let id = Loader.defaultID(for: file)
        let (a, da) = TreeParser(file: file).parse(before, defaultID: id)
        let (b, db) = TreeParser(file: file).parse(after, defaultID: id)
        #expect(a.map(dump) == b.map(dump), "\(file): the tree changed", sourceLocation: sourceLocation)
        #expect(findings(da) == findings(db), "\(file): the findings changed", sourceLocation: sourceLocation)
    }

    /// Everything a tree means, without where it stands in its file.
    /// Metadata is sorted by key (lines with the same key keep their order).
    func dump(_ tree: Tree) -> String {
        func meta(_ list: [Metadata]) -> String {
            list.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
                .map { "  \($0.element.key)=\($0.element.value)\n" }.joined()
        }
        var out = "tree \(tree.id) '\(tree.title)' start=\(tree.startNode?.id ?? "-") lang=\(tree.lang)"
            + " folder=\(tree.translationFolder ?? "-")\n" + meta(tree.metadata)
        for node in tree.nodes {
            out += "node \(node.id) '\(node.title)'\n" + meta(node.metadata)
            for g in node.guidance { out += "  guidance: \(g)\n" }
            for p in node.phrases { out += "  phrase: \(p.text)\n" }
            for c in node.choices {
                out += "  choice: \(c.label) -> \(c.target) (\(c.resolved.map { "\($0.tree):\($0.node)" } ?? "unresolved"))\n"
            }
        }
        return out
    }

    func dump(_ library: Library) -> String {
        var out = library.trees.map(dump).joined()
        for id in library.translations.keys.sorted() {
            for lang in library.translations[id]!.keys.sorted() { out += "[\(lang)] " + dump(library.translations[id]![lang]!) }
        }
        return out
    }

    /// The findings without their places (lines move: every number is '#')
    /// and with `folder` as '<folder>', as a sorted list.
    func findings(_ diagnostics: [Diagnostic], folder: String? = nil) -> [String] {
        diagnostics.map { d in
            var message = ""
            for ch in folder.map({ d.message.replacingOccurrences(of: $0, with: "<folder>") }) ?? d.message
            where !(ch.isNumber && message.last == "#") {
                message.append(ch.isNumber ? "#" : ch)
            }
            return "\(FileSystem.baseName(d.location.file)): \(d.severity.rawValue): \(message)"
        }.sorted()
    }

    /// `text` varied without changing its meaning; whether it has CRLF endings and a BOM.
    func vary(_ text: String, _ rng: inout SeededGenerator) -> (String, Bool, Bool) {
        func blanks() -> String { ["", " ", "\t", "  ", " \t "].randomElement(using: &rng)! }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        // Shuffle each metadata block (the bundled trees have no duplicate keys).
        var metadataLines = Set<Int>()
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("#") {
                var j = i + 1
                while j < lines.count, isMetadata(lines[j]) { j += 1 }
                lines[(i + 1)..<j].shuffle(using: &rng)
                metadataLines.formUnion((i + 1)..<j)
                i = j
            } else {
                i += 1
            }
        }
        var out: [String] = []
        var inNode = false
        for (k, line) in lines.enumerated() {
            var l = line
            if l.hasPrefix("## ") {
                inNode = true
                let colon = l.firstIndex(of: ":")!
                l = "##" + blanks() + " " + l[l.index(l.startIndex, offsetBy: 3)..<colon] + blanks() + ":" + blanks() + l[l.index(after: colon)...]
            } else if l.hasPrefix("# ") {
                l = "#" + [" ", "\t", "   "].randomElement(using: &rng)! + l.dropFirst(2)
            } else if l.hasPrefix("> ") {
                l = ">" + blanks() + l.dropFirst(2)
            } else if l.hasPrefix("* "), let arrow = lastArrow(l) {
                l = "*" + [" ", "\t", "  "].randomElement(using: &rng)! + l[l.index(l.startIndex, offsetBy: 2)..<arrow.lowerBound]
                    + blanks() + "->" + blanks() + l[arrow.upperBound...]
            } else if metadataLines.contains(k), let colon = l.firstIndex(of: ":") {
                l = String(l[...colon]) + [" ", "\t", "   "].randomElement(using: &rng)! + l[l.index(after: colon)...].drop { $0 == " " }
            }
            if l.isEmpty {
                // A blank line: doubled, or (inside a node) a lone '>'.
                let r = Int.random(in: 0..<4, using: &rng)
                if r == 0 { out.append(blanks()); out.append("") } else if r == 1 && inNode { out.append(blanks() + ">" + blanks()) } else { out.append(blanks()) }
                continue
            }
            out.append(blanks() + l + blanks())
            // Blank lines between choices.
            if l.hasPrefix("*"), k + 1 < lines.count, lines[k + 1].hasPrefix("* "),
               Bool.random(using: &rng) {
                out.append("")
            }
        }
        let crlf = Bool.random(using: &rng)
        let bom = Bool.random(using: &rng)
        var result = out.joined(separator: crlf ? "\r\n" : "\n")
        if Bool.random(using: &rng) { result += crlf ? "\r\n" : "\n" }
        if bom { result = "\u{FEFF}" + result }
        return (result, crlf, bom)
    }

    func isMetadata(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return false }
        let key = line[..<colon]
        let after = line[line.index(after: colon)...]
        return key.first!.isLowercase && key.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
            && (after.isEmpty || after.first == " ")
    }
}

/// The range of the last " -> " in `line` (where a choice's label ends).
private func lastArrow(_ line: String) -> Range<String.Index>? {
    var found: Range<String.Index>?
    var rest = line[...]
    while let r = rest.firstRange(of: " -> ") {
        found = r
        rest = line[r.upperBound...]
    }
    return found
}
