/// What each line of a `.tree` file means (the format: `Trees/README.md`).
///
/// The grammar reads one `SourceLine` at a time and decides what it is by
/// how it starts: `//` a comment, `# ` the tree's title, `## ` a node, `> `
/// a phrase, `* ` a choice, `key: value` metadata directly under a title or
/// a node header, anything else guidance. It hands each part to the
/// `TreeBuilder`, and every problem becomes a diagnostic: it never stops at
/// the first one, so an author sees all of them at once. Only a file that
/// is clearly not text, or that has a flood of errors, is cut short.
struct TreeGrammar: LineReader, ~Copyable {
    /// After this many errors in one file the grammar stops reading it.
    static let errorLimit = 50

    let file: String
    let limits: Limits
    private(set) var builder: TreeBuilder
    private(set) var diagnostics: [Diagnostic] = []
    private var errors = 0
    private(set) var stopped = false

    /// Where in the file the line being read is.
    private enum Phase {
        case preamble  // before the title
        case treeMeta  // directly after the title
        case treeBody  // after the tree metadata, before the first node
        case nodeMeta  // directly after a node header
        case nodeBody
    }

    /// What the previous line was, for lines that continue it.
    private enum LastLine {
        case other, guidance, phrase
    }

    private var phase = Phase.preamble
    private var last = LastLine.other
    private var line = 0
    private(set) var title: String?
    private(set) var titlePosition = Position(line: 1, column: 1)
    private(set) var treeMeta: [Metadata] = []

    /// The node being read: its header's id, title and line, and whether it
    /// is kept (false for a broken or duplicate header).
    private var inNode = false
    private var currentID = TextSpan(0, 0)
    private var currentTitle = TextSpan(0, 0)
    private var currentLine = 0
    private var currentKept = false
    /// The open paragraph and phrase, from their first character to the
    /// last line's last (lines are joined when read); nil when none is open.
    private var paragraph: TextSpan?
    private var phrase: TextSpan?
    private var phraseLine = 0
    private var nodeLimitReported = false
    private var choiceLimitReported = false
    /// When set (not nil), what the grammar made of each line, in order:
    /// `TreeFormatter` lays a file out again from it.
    var outline: [ReadLine]?

    init(file: String, limits: Limits, text: TextBuffer) {
        self.file = file
        self.limits = limits
        builder = TreeBuilder(text: text, maxNodes: limits.maxNodes)
    }

    // MARK: Findings

    private mutating func error(_ line: Int, _ column: Int, _ message: String) {
        guard !stopped else { return }
        errors += 1
        diagnostics.append(.error(SourceLocation(file: file, line: line, column: column), message))
        if errors >= Self.errorLimit {
            diagnostics.append(.error(SourceLocation(file: file, line: line, column: column),
                                      "too many errors; stopped reading this file"))
            stopped = true
        }
    }

    private mutating func warning(_ line: Int, _ column: Int, _ message: String) {
        guard !stopped else { return }
        diagnostics.append(.warning(SourceLocation(file: file, line: line, column: column), message))
    }

    // MARK: The file as a whole

    mutating func emptyFile() {
        error(1, 1, "empty file: a tree needs a '# Title' line and at least one '## id: Title' node")
        stopped = true
    }

    mutating func binaryFile(line: Int, column: Int) {
        error(line, column, "binary file (NUL byte): a .tree file is UTF-8 text")
        stopped = true
    }

    mutating func progress(done: Int, of total: Int) {
        builder.forecast(done: done, of: total)
    }

    // MARK: One line

    @inline(__always)
    mutating func read(_ l: SourceLine) {
        line = l.number
        if l.length > limits.maxLineLength {
            error(line, 1, "line is \(l.length) bytes long; the limit is \(limits.maxLineLength)")
            endBlock()
            return
        }
        if let bad = l.invalidUTF8 {
            error(line, l.column(at: bad), "invalid UTF-8 on this line; save the file as UTF-8")
        }
        // A line with a NUL byte is left out (`TreeStore.joined` skips it too).
        if let nul = l.nul {
            error(line, l.column(at: nul), "NUL byte in text")
            return
        }
        if l.isEmpty {  // a blank line
            endBlock()
            outline?.append(ReadLine(.blank, l))
            return
        }
        let (b0, b1, b2) = (l[0], l.peek(1), l.peek(2))
        // A "//" comment is transparent: it ends nothing (`TreeStore.joined` skips it too).
        if b0 == 0x2F && b1 == 0x2F {
            outline?.append(ReadLine(.comment, l, l.span(0..<l.count)))
            return
        }
        if b0 == 0x23 {  // '#'
            if b1 == 0x20 || b1 == 0x09 || b1 == 0 {
                titleLine(l)
                return
            }
            if b1 == 0x23 && (b2 == 0x20 || b2 == 0x09 || b2 == 0) {
                nodeHeader(l)
                return
            }
            if b1 == 0x23 {
                var k = 0
                while l.peek(k) == 0x23 { k += 1 }
                if k == l.count || l.isBlank(k) {
                    error(line, l.column, "only two heading levels exist: '# Title' for the tree and '## id: Title' for a node")
                    endBlock()
                    return
                }
            }
        }
        if b0 == 0x3E {  // '>'
            phraseLine(l)
            return
        }
        if b0 == 0x2A && (b1 == 0x20 || b1 == 0x09 || b1 == 0) {  // "* "
            choiceLine(l)
            return
        }
        if phase == .treeMeta || phase == .nodeMeta, let colon = metadataColon(l) {
            metadataLine(l, colon: colon)
            return
        }
        guidanceLine(l)
    }

    /// A blank line (or a line that ends a block) closes paragraphs, phrases and metadata.
    @inline(__always)
    private mutating func endBlock() {
        closeParagraph()
        closePhrase()
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        last = .other
    }

    @inline(__always)
    private mutating func closeParagraph() {
        if let p = paragraph {
            if inNode { builder.addParagraph(p) }
            paragraph = nil
        }
    }

    @inline(__always)
    private mutating func closePhrase() {
        if let p = phrase {
            if inNode { builder.addPhrase(p, line: phraseLine) }
            phrase = nil
        }
    }

    /// Ends the metadata block and any open paragraph or phrase before a line of `kind`.
    @inline(__always)
    private mutating func begin(_ kind: LastLine) {
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        if kind != .guidance { closeParagraph() }
        if kind != .phrase { closePhrase() }
        last = kind
    }

    // MARK: Kinds of line

    /// `# Title`
    private mutating func titleLine(_ l: SourceLine) {
        begin(.other)
        outline?.append(ReadLine(.title, l, l.span(l.trimmed(1..<l.count))))
        let text = l.string(l.trimmed(1..<l.count))
        if title != nil {
            error(line, l.column, "second title: a tree has exactly one '# Title' line (the first is at line \(titlePosition.line))")
            return
        }
        if inNode || builder.nodeCount > 0 {
            error(line, l.column, "the title '# ...' must come before the first node")
        }
        if text.isEmpty {
            error(line, l.column, "empty title: write '# ' followed by the tree's title")
        }
        title = text
        titlePosition = Position(line: line, column: l.column)
        if !inNode { phase = .treeMeta }
    }

    /// `## id: Title`
    private mutating func nodeHeader(_ l: SourceLine) {
        finishNode()
        begin(.other)
        if title == nil && phase == .preamble {
            error(line, l.column, "missing title: the file must start with '# Title' before its first node")
            title = ""
        }
        phase = .nodeMeta
        let k = l.skipBlanks(from: 2)
        currentKept = false
        guard k < l.count else {
            error(line, l.column, "node header without id or title: write '## id: Title'")
            startNode(l.span(k..<k), l.span(k..<k))
            return
        }
        var colon = k
        while colon < l.count, l[colon] != 0x3A { colon += 1 }
        guard colon < l.count else {
            let word = l.string(k..<l.count)
            let hint = Identifier.isValid(word) ? "'## \(word): Title'" : "'## id: Title'"
            error(line, l.column(at: k), "node header needs an id and a title, as in \(hint)")
            startNode(l.span(k..<k), l.span(k..<k))
            return
        }
        let id = l.trimmed(k..<colon)
        let titleRange = l.trimmed((colon + 1)..<l.count)
        outline?.append(ReadLine(.nodeHeader, l, l.span(id), l.span(titleRange)))
        startNode(l.span(id), l.span(titleRange))
        var ok = true
        if id.isEmpty {
            error(line, l.column(at: k), "node header without id: write '## id: Title'")
            ok = false
        } else if let problem = Identifier.problem(utf8: l.bytes(id)) {
            error(line, l.column(at: k), "bad node id '\(l.string(id))': an id \(problem)")
            ok = false
        }
        if titleRange.isEmpty {
            error(line, l.column(at: colon) + 1, "node header without title: write '## \(id.isEmpty ? "id" : l.string(id)): Title'")
        }
        guard ok else { return }
        let first: Int32?
        if builder.nodeCount >= limits.maxNodes {
            first = builder.find(id: l.span(id))
            if first == nil && !nodeLimitReported {
                error(line, l.column, "too many nodes: the limit is \(limits.maxNodes)")
                nodeLimitReported = true
            }
            ok = false
        } else {
            first = builder.claim(id: l.span(id))
        }
        if let first {
            error(line, l.column(at: k), "duplicate node id '\(l.string(id))' (first defined at line \(builder.line(ofNode: first)))")
            ok = false
        }
        currentKept = ok
    }

    private mutating func startNode(_ id: TextSpan, _ title: TextSpan) {
        inNode = true
        currentID = id
        currentTitle = title
        currentLine = line
        builder.beginNode()
    }

    /// Closes the node being read, if any: kept, or its parts taken back.
    mutating func finishNode() {
        closeParagraph()
        closePhrase()
        if inNode { builder.endNode(title: currentTitle, line: currentLine, keep: currentKept) }
        inNode = false
        currentKept = false
        choiceLimitReported = false
    }

    private mutating func requireNode(_ l: SourceLine, _ what: String) -> Bool {
        if inNode { return true }
        if title == nil {
            error(line, l.column, "\(what) before the title: a tree starts with '# Title'")
        } else {
            error(line, l.column, "\(what) outside a node: start a node with '## id: Title' first")
        }
        return false
    }

    /// `> phrase`; consecutive `>` lines make one phrase, a lone `>` ends it.
    @inline(__always)
    private mutating func phraseLine(_ l: SourceLine) {
        let continuing = last == .phrase
        begin(.phrase)
        guard inNode || requireNode(l, "a phrase") else { return }
        let k = l.skipBlanks(from: 1)
        if k == l.count {
            closePhrase()
            outline?.append(ReadLine(.phraseEnd, l))
            return
        }
        if continuing, let open = phrase {
            phrase = TextSpan(Int(open.start), Int(l.span(0..<l.count).end))
            outline?.append(ReadLine(.phraseMore, l, l.span(k..<l.count)))
        } else {
            outline?.append(ReadLine(.phraseStart, l, l.span(k..<l.count)))
            closePhrase()
            phrase = l.span(k..<l.count)
            phraseLine = line
        }
    }

    /// `* label -> target`; the last `->` splits them, so a label may hold an arrow.
    private mutating func choiceLine(_ l: SourceLine) {
        begin(.other)
        guard inNode || requireNode(l, "a choice") else { return }
        var arrow = -1
        var k = l.count - 2
        while k >= 1 {
            if l[k] == 0x2D && l[k + 1] == 0x3E { arrow = k; break }
            k -= 1
        }
        guard arrow >= 0 else {
            error(line, l.column, "choice without '->': write '* label -> target'")
            return
        }
        let label = l.trimmed(1..<arrow)
        let ts = l.skipBlanks(from: arrow + 2)
        let target = ts..<l.count
        outline?.append(ReadLine(.choice, l, l.span(label), l.span(target)))
        var ok = true
        if label.isEmpty {
            error(line, l.column, "choice with an empty label: write '* label -> target'")
            ok = false
        }
        // A well-formed target is checked on its bytes; only a bad one is
        // made into a string to explain the problem.
        var hash = -1
        if target.isEmpty {
            error(line, l.column(at: arrow), "choice with an empty target after '->'")
            ok = false
        } else if let h = TargetSyntax.wellFormed(l, target) {
            hash = h
        } else {
            let text = l.string(target)
            error(line, l.column(at: ts), "bad target '\(text)': \(TargetSyntax.problem(text))")
            ok = false
        }
        guard ok else { return }
        if builder.choicesInNode >= limits.maxChoicesPerNode {
            if !choiceLimitReported {
                error(line, l.column, "too many choices on node '\(builder.string(currentID))': the limit is \(limits.maxChoicesPerNode)")
                choiceLimitReported = true
            }
            return
        }
        builder.addChoice(label: l.span(label), target: l.span(target),
                          hash: hash < 0 ? nil : l.span(hash..<hash).start, line: line)
    }

    /// If the line is `key: value` with a lowercase key, the colon's offset.
    private func metadataColon(_ l: SourceLine) -> Int? {
        guard l[0] >= 0x61 && l[0] <= 0x7A else { return nil }
        var k = 1
        while k < l.count {
            let c = l[k]
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D { k += 1; continue }
            break
        }
        guard k < l.count, l[k] == 0x3A else { return nil }
        if k + 1 < l.count, !l.isBlank(k + 1) { return nil }
        return k
    }

    /// `key: value` directly under the title or a node header.
    private mutating func metadataLine(_ l: SourceLine, colon: Int) {
        let name = 0..<colon
        let value = l.skipBlanks(from: colon + 1)..<l.count
        let onTree = phase == .treeMeta
        outline?.append(ReadLine(onTree ? .treeMeta : .nodeMeta, l, l.span(name), l.span(value)))
        if onTree {
            treeMetadata(l, name: name, value: value)
            return
        }
        let key = NodeKey.named(l, name)
        if let first = builder.lineOfMeta(named: l.span(name)) {
            warning(line, l.column, "duplicate metadata key '\(l.string(name))': the value at line \(first) is used")
            return
        }
        if key == nil {
            unknownKey(l.string(name), known: NodeKey.names, owner: "node", column: l.column)
        }
        if value.isEmpty {
            // A key whose value must be given (intensity) makes it an error.
            if let key, let (severity, message) = key.problem(l, value), severity == .error {
                error(line, l.column(at: value.lowerBound), message)
            } else {
                warning(line, l.column, "metadata '\(l.string(name))' has no value")
            }
            return
        }
        if let key, let (severity, message) = key.problem(l, value) {
            if severity == .error {
                error(line, l.column(at: value.lowerBound), message)
                return
            }
            warning(line, l.column(at: value.lowerBound), message)
        }
        if inNode {
            builder.addMeta(name: l.span(name), value: l.span(value), line: line, key: key)
        }
    }

    private mutating func treeMetadata(_ l: SourceLine, name: Range<Int>, value: Range<Int>) {
        let k = l.string(name)
        if let first = treeMeta.first(where: { $0.key == k }) {
            warning(line, l.column, "duplicate metadata key '\(k)': the value at line \(first.position.line) is used")
            return
        }
        let key = TreeKey(rawValue: k)
        if key == nil { unknownKey(k, known: TreeKey.names, owner: "tree", column: l.column) }
        if value.isEmpty {
            warning(line, l.column, "metadata '\(k)' has no value")
            return
        }
        let v = l.string(value)
        let valueColumn = l.column(at: value.lowerBound)
        if let problem = key?.problem(v) {
            error(line, valueColumn, problem)
            return
        }
        treeMeta.append(Metadata(key: k, value: v, position: Position(line: line, column: l.column), valueColumn: Int32(valueColumn)))
    }

    private mutating func unknownKey(_ key: String, known: [String], owner: String, column: Int) {
        var message = "unknown \(owner) metadata key '\(key)' (known: \(known.joined(separator: ", ")))"
        if let near = nearest(key, in: known) { message += "; did you mean '\(near)'?" }
        warning(line, column, message)
    }

    /// Anything else: guidance, joined with the lines around it into a paragraph.
    @inline(__always)
    private mutating func guidanceLine(_ l: SourceLine) {
        let continuing = last == .guidance
        begin(.guidance)
        guard inNode else {
            if title == nil {
                error(line, l.column, "expected the title '# Title' first (a .tree file starts with it)")
            } else {
                error(line, l.column, "text outside a node: expected '## id: Title' here, or a 'key: value' line directly under the title")
            }
            last = .other
            return
        }
        let here = l.span(0..<l.count)
        if continuing, let open = paragraph {
            paragraph = TextSpan(Int(open.start), Int(here.end))
            outline?.append(ReadLine(.paragraphMore, l, here))
        } else {
            closeParagraph()
            paragraph = here
            if outline != nil {
                let looksLikeMetadata = metadataColon(l) != nil
                outline?.append(ReadLine(.paragraphStart, l, here, looksLikeMetadata: looksLikeMetadata))
            }
        }
    }

    // MARK: The end

    /// The tree, and every finding. What was built moves into the tree's store.
    consuming func finish(defaultID: String) -> (Tree?, [Diagnostic]) {
        finishNode()
        if stopped { return (nil, diagnostics) }
        if title == nil {
            if errors == 0 || builder.nodeCount == 0 {
                error(1, 1, "missing title: a tree starts with a '# Title' line")
            }
            if builder.nodeCount == 0 { return (nil, diagnostics) }
        }
        var id = defaultID
        if let m = treeMeta.first(where: { $0.key == TreeKey.id.rawValue }) {
            id = m.value
        } else if let problem = Identifier.problem(defaultID) {
            error(1, 1, "the file name gives the tree id '\(defaultID)', which \(problem); add an 'id:' line under the title")
        }
        var startIndex: Int32?
        if builder.nodeCount == 0 {
            error(Int(titlePosition.line), Int(titlePosition.column), "tree '\(id)' has no nodes: add one with '## id: Title'")
        } else if let start = treeMeta.first(where: { $0.key == TreeKey.start.rawValue }) {
            if let index = builder.find(start.value) {
                startIndex = index
            } else {
                var message = "start names no node '\(start.value)'"
                if let near = nearest(start.value, in: builder.nodeIDs) { message += "; did you mean '\(near)'?" }
                error(Int(start.position.line), Int(start.valueColumn), message)
            }
        } else {
            startIndex = 0
        }
        let (diagnostics, meta, file, title, titlePosition) = (diagnostics, treeMeta, file, title ?? "", titlePosition)
        var tree = Tree(file: file, id: id, title: title, titlePosition: titlePosition, store: builder.finish())
        tree.metadata = meta
        tree.startIndex = startIndex
        return (tree, diagnostics)
    }
}

/// What the grammar made of one line, for a tool that writes the file out
/// again (`TreeFormatter`): its role, and its parts as spans into the file.
struct ReadLine: Sendable {
    enum Role: UInt8, Sendable {
        case blank
        /// `// ...`: `first` is the whole line.
        case comment
        /// `# Title`: `first` is the title.
        case title
        /// `## id: Title`: `first` the id, `second` the title.
        case nodeHeader
        /// `key: value` under the title or a node header: `first` the key, `second` the value.
        case treeMeta, nodeMeta
        /// `> text`: the first line of a phrase, or one that continues it; `first` is the text.
        case phraseStart, phraseMore
        /// A lone `>`: it ends a phrase (and whatever else a blank line ends).
        case phraseEnd
        /// `* label -> target`: `first` the label, `second` the target.
        case choice
        /// Guidance: the first line of a paragraph, or one that continues it; `first` is the line.
        case paragraphStart, paragraphMore
    }

    var role: Role
    var line: Int32
    var first: TextSpan
    var second: TextSpan
    /// For `paragraphStart`: whether the line would be metadata if it stood
    /// directly under a title or a node header (`word: text`).
    var looksLikeMetadata: Bool

    init(_ role: Role, _ l: SourceLine, _ first: TextSpan = TextSpan(0, 0), _ second: TextSpan = TextSpan(0, 0),
         looksLikeMetadata: Bool = false) {
        self.role = role
        line = Int32(truncatingIfNeeded: l.number)
        self.first = first
        self.second = second
        self.looksLikeMetadata = looksLikeMetadata
    }
}
