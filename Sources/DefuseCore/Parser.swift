/// The `.tree` parser: one pass over the file's UTF-8 bytes, line by line.
///
/// It never stops at the first problem: every finding becomes a diagnostic
/// and parsing goes on, so an author sees all of them at once. Only a file
/// that is clearly not text (NUL bytes) or that has a flood of errors is cut
/// short.
public struct TreeParser {
    public static let treeKeys = ["id", "start", "lang", "summary", "tags", "version"]
    public static let nodeKeys = MetaKey.named.map { "\($0.name!)" }

    /// Whether `key`'s bytes spell one of `keys`.
    static func isKnown(_ key: UnsafeBufferPointer<UInt8>, in keys: [String]) -> Bool {
        keys.contains { k in
            k.utf8.count == key.count
                && (k.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
                    ?? k.utf8.elementsEqual(key))
        }
    }

    /// After this many errors in one file the parser stops reading it.
    public static let errorLimit = 50

    public let file: String
    public let limits: Limits

    public init(file: String, limits: Limits = Limits()) {
        self.file = file
        self.limits = limits
    }

    /// Parses `text`. The tree is nil only when nothing tree-like was found.
    /// The tree keeps `text` and refers to it by spans.
    public func parse(_ text: TextBuffer, defaultID: String) -> (Tree?, [Diagnostic]) {
        // Parts of a tree are kept as 32-bit offsets into its bytes.
        guard text.count < Int(Int32.max) else {
            return (nil, [.error(SourceLocation(file: file, line: 1, column: 1),
                                 "file is \(text.count) bytes; a .tree file can be at most 2 GiB")])
        }
        let p = text.buffer
        if let halves = parseInHalves(p, defaultID: defaultID, text: text) { return halves }
        var state = ParseState(file: file, bytes: p, limits: limits)
        state.plainBlocks = plainBlocks
        state.run()
        return state.finish(defaultID: defaultID, text: text)
    }

    public func parse(_ bytes: [UInt8], defaultID: String) -> (Tree?, [Diagnostic]) {
        parse(TextBuffer(bytes), defaultID: defaultID)
    }

    /// Files at least this big are read in two halves at once, when the
    /// machine has two cores or more.
    public static let defaultHalvesThreshold = sysconf(Int32(_SC_NPROCESSORS_ONLN)) >= 2 ? 4 << 20 : Int.max
    /// The size from which a file is read in two halves (tests set it low).
    public var halvesThreshold = TreeParser.defaultHalvesThreshold
    /// Whether lines in blocks of plain ASCII are found with memchr and
    /// skip the UTF-8 check (the fuzzer turns it off to compare).
    public var plainBlocks = true

    /// A big file read by two threads: the first half from the start, the
    /// second from the first node header after the middle; then joined. nil
    /// when the file is small, there is one core, or the second half had
    /// anything to report (see `ParseState.absorb`).
    func parseInHalves(_ p: UnsafeBufferPointer<UInt8>, defaultID: String, text: TextBuffer) -> (Tree?, [Diagnostic])? {
        guard p.count >= halvesThreshold, p.count >= 16,
              let mid = Self.nodeHeaderLine(after: p.count / 2, in: p) else { return nil }
        var first = ParseState(file: file, bytes: p, limits: limits)
        var second = ParseState(file: file, bytes: p, limits: limits, estimate: p.count - mid, tail: true)
        first.plainBlocks = plainBlocks
        second.plainBlocks = plainBlocks
        withUnsafeMutablePointer(to: &second) { tail in
            let handed = Handed(tail)
            let end = p.count
            Parallel.both({ handed.value.pointee.lines(from: mid, to: end) }, { first.run(to: mid) })
        }
        guard first.absorb(&second) else { return nil }
        return first.finish(defaultID: defaultID, text: text)
    }

    /// The start of the first line after `index` that begins with `## `.
    static func nodeHeaderLine(after index: Int, in p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = index
        let n = p.count
        while i + 4 <= n {
            if p[i] == 0x0A && p[i + 1] == 0x23 && p[i + 2] == 0x23 && p[i + 3] == 0x20 { return i + 1 }
            i += 1
        }
        return nil
    }

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, defaultID: String) -> (Tree?, [Diagnostic]) {
        parse(TextBuffer(bytes), defaultID: defaultID)
    }

    public func parse(_ text: String, defaultID: String) -> (Tree?, [Diagnostic]) {
        parse(Array(text.utf8), defaultID: defaultID)
    }
}

/// Limits on untrusted input, each reported with a clear error.
public struct Limits: Sendable, Hashable {
    public var maxFileSize: Int = 64 << 20
    public var maxLineLength: Int = 1 << 20
    public var maxNodes: Int = 1_000_000
    public var maxChoicesPerNode: Int = 100_000
    public var maxFiles: Int = 10_000

    public init() {}
}

private enum Phase {
    case preamble  // before the title
    case treeMeta  // directly after the title
    case treeBody  // after the tree metadata, before the first node
    case nodeMeta  // directly after a node header
    case nodeBody
}

private enum LastLine {
    case other
    case guidance
    case phrase
}

private struct ParseState: ~Copyable {
    let file: String
    let p: UnsafeBufferPointer<UInt8>
    /// Helpers that read the bytes, apart from the state, so calling one
    /// never copies the state.
    let b: Bytes
    let limits: Limits
    var diagnostics: [Diagnostic] = []
    var errors = 0
    var stopped = false

    var phase = Phase.preamble
    var last = LastLine.other
    var title: String?
    var titlePosition = Position(line: 1, column: 1)
    var treeMeta: [Metadata] = []

    // The tree's parts as spans, each kind in one array; node `i`'s parts
    // run from `xStart[i]` to `xStart[i + 1]`.
    var nodes: RecordBuffer<NodeRecord>
    var metaStart: RecordBuffer<Int32>
    var metas: RecordBuffer<MetaRecord>
    var guidanceStart: RecordBuffer<Int32>
    var guidance: RecordBuffer<Span>
    var phraseStart: RecordBuffer<Int32>
    var phrases: RecordBuffer<PhraseRecord>
    var choiceStart: RecordBuffer<Int32>
    var choices: RecordBuffer<ChoiceRecord>
    var ids: RecordBuffer<UInt8>
    var index: IDTable

    /// The node being read. Its parts are appended as they come, and taken
    /// back if the node is not kept (a broken or duplicate header).
    var inNode = false
    var currentID = Span(0, 0)
    var currentTitle = Span(0, 0)
    var currentLine: Int32 = 0
    /// See `TreeParser.plainBlocks`.
    var plainBlocks = true
    /// Set for the second half of a file read in two halves: its node ids are
    /// indexed when the halves are joined (see `absorb`).
    let tail: Bool
    /// The current node's id in the id arena, once it is kept.
    var currentArenaID = Span(0, 0)
    var currentKept = false  // false for a node whose header was broken or duplicate
    var markMeta = 0
    var markGuidance = 0
    var markPhrase = 0
    var markChoice = 0
    /// The open paragraph and phrase: from the first line's text to the last
    /// line's end (-1 when none is open). Lines are joined when read.
    var paragraphFrom = -1
    var paragraphTo = 0
    var phraseFrom = -1
    var phraseTo = 0
    var phraseLineNumber: Int32 = 0
    var line = 0
    var nodeLimitReported = false
    var choiceLimitReported = false

    /// `estimate`: the bytes this state will read (all of them by default).
    init(file: String, bytes: UnsafeBufferPointer<UInt8>, limits: Limits, estimate: Int? = nil, tail: Bool = false) {
        self.file = file
        self.p = bytes
        self.b = Bytes(p: bytes)
        self.limits = limits
        self.tail = tail
        if tail {
            // The second half of a file starts after the title, at a node.
            title = ""
            phase = .treeBody
        }
        // Room for a generous estimate of each part (a node takes a few
        // hundred bytes, a choice line some tens), so big files rarely
        // regrow an array; room that is never written costs no memory.
        let n = estimate ?? bytes.count
        let estimate = min(n / 256, limits.maxNodes) + 1
        nodes = RecordBuffer(capacity: estimate)
        metaStart = RecordBuffer(capacity: estimate + 1)
        guidanceStart = RecordBuffer(capacity: estimate + 1)
        phraseStart = RecordBuffer(capacity: estimate + 1)
        choiceStart = RecordBuffer(capacity: estimate + 1)
        metas = RecordBuffer(capacity: estimate)
        guidance = RecordBuffer(capacity: n / 128 + 1)
        phrases = RecordBuffer(capacity: n / 128 + 1)
        choices = RecordBuffer(capacity: n / 64 + 1)
        ids = RecordBuffer(capacity: n / 32 + 16)
        // The second half's ids are indexed when the halves are joined.
        index = IDTable(expected: tail ? 0 : min(n / 400, limits.maxNodes), maxNodes: limits.maxNodes)
    }

    mutating func error(_ line: Int, _ column: Int, _ message: String) {
        guard !stopped else { return }
        errors += 1
        diagnostics.append(.error(SourceLocation(file: file, line: line, column: column), message))
        if errors >= TreeParser.errorLimit {
            diagnostics.append(.error(SourceLocation(file: file, line: line, column: column),
                                      "too many errors; stopped reading this file"))
            stopped = true
        }
    }

    mutating func warning(_ line: Int, _ column: Int, _ message: String) {
        guard !stopped else { return }
        diagnostics.append(.warning(SourceLocation(file: file, line: line, column: column), message))
    }

    /// Reads the whole file, or its first `end` bytes.
    mutating func run(to end: Int? = nil) {
        let n = end ?? p.count
        var i = 0
        // A UTF-8 byte order mark is allowed and skipped.
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        if n - i == 0 {
            error(1, 1, "empty file: a tree needs a '# Title' line and at least one '## id: Title' node")
            stopped = true
            return
        }
        // A file with NUL bytes near its start is binary, not a tree.
        let probeEnd = min(p.count, i + 8192)
        if let base = p.baseAddress, let hit = b.memchrIndex(base, i, probeEnd, 0) {
            let (l, c) = b.lineAndColumn(of: hit)
            error(l, c, "binary file (NUL byte): a .tree file is UTF-8 text")
            stopped = true
            return
        }
        lines(from: i, to: n)
    }

    /// Reads the lines in `from..<to` (`to` is the end of the bytes or just
    /// after a newline).
    mutating func lines(from start: Int, to end: Int) {
        guard start < end, let base = p.baseAddress else { return }
        var i = start
        // Which 4 KiB blocks hold a NUL or a non-ASCII byte: lines in the
        // others are found with memchr and need no UTF-8 check. Blocks are
        // looked at 256 KiB ahead of the lines, so what memchr reads next
        // is in the cache.
        let shift = Bytes.blockShift
        let blocks = (end - start + (1 << shift) - 1) >> shift
        let odd = UnsafeMutableBufferPointer<Bool>.allocate(capacity: blocks)
        defer { odd.deallocate() }
        var known = blocks
        if plainBlocks {
            known = Bytes.look(p, start, end, from: 0, through: Swift.min(blocks, 64) - 1, into: odd)
        } else {
            odd.initialize(repeating: true)
        }
        var lookNext = start + known << shift
        // After the first 128 KiB and then every megabyte, each record
        // buffer is told how big it will get.
        var expectNext = end - start >= 4 << 20 ? start + 128 << 10 : Int.max
        var next = Swift.min(lookNext, expectNext)
        while i < end && !stopped {
            line += 1
            let lineEnd: Int
            let plain: Bool
            let block = (i - start) >> shift
            if !odd[block] {
                if let hit = memchr(base + i, 0x0A, end - i) {
                    lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                } else {
                    lineEnd = end
                }
                let last = (Swift.max(i, lineEnd - 1) - start) >> shift
                if last == block {
                    plain = true
                } else {
                    if last >= known { known = Bytes.look(p, start, end, from: known, through: last, into: odd) }
                    plain = !odd[block + 1...last].contains(true)
                }
            } else {
                (lineEnd, plain) = b.lineEnd(from: i)
            }
            processLine(i, lineEnd, plain: plain)
            i = lineEnd + 1
            if i >= next {
                checkpoint(at: i, start, end, odd, known: &known, lookNext: &lookNext, expectNext: &expectNext)
                next = Swift.min(lookNext, expectNext)
            }
        }
    }

    /// Now and then in `lines`: looks at the blocks ahead of `i`, and tells
    /// the record buffers how big they will get.
    @inline(never)
    mutating func checkpoint(at i: Int, _ start: Int, _ end: Int, _ odd: UnsafeMutableBufferPointer<Bool>,
                             known: inout Int, lookNext: inout Int, expectNext: inout Int) {
        let shift = Bytes.blockShift
        if i >= lookNext {
            let through = Swift.min(odd.count - 1, ((i - start) >> shift) + 64)
            if through >= known { known = Bytes.look(p, start, end, from: known, through: through, into: odd) }
            lookNext = start + known << shift
        }
        if i >= expectNext {
            expect(done: i - start, of: end - start)
            expectNext = i + (1 << 20)
        }
    }

    /// Tells each record buffer how big it will be when `total` bytes are
    /// read, going by the `done` read so far (less a twentieth, to be safe).
    mutating func expect(done: Int, of total: Int) {
        func final(_ count: Int) -> Int { Int(Double(count) * Double(total) / Double(done) * 0.95) }
        nodes.expect(final(nodes.count))
        metas.expect(final(metas.count))
        guidance.expect(final(guidance.count))
        phrases.expect(final(phrases.count))
        choices.expect(final(choices.count))
        ids.expect(final(ids.count))
        metaStart.expect(final(metaStart.count))
        guidanceStart.expect(final(guidanceStart.count))
        phraseStart.expect(final(phraseStart.count))
        choiceStart.expect(final(choiceStart.count))
    }

    /// Reads one line; `plain` says it is ASCII without NUL, so needs no UTF-8 check.
    @inline(__always)
    mutating func processLine(_ lineStart: Int, _ lineEnd: Int, plain: Bool) {
        if lineEnd - lineStart > limits.maxLineLength {
            error(line, 1, "line is \(lineEnd - lineStart) bytes long; the limit is \(limits.maxLineLength)")
            endBlock()
            return
        }
        var s = lineStart
        var e = lineEnd
        while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
        while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
        let col = s - lineStart + 1  // leading white space is ASCII

        if !plain, let bad = UTF8Check.firstInvalid(p, s, e) {
            error(line, b.column(at: bad, lineStart: lineStart), "invalid UTF-8 on this line; save the file as UTF-8")
        }
        // A line with a NUL byte is left out; `TreeStore.joined` skips it too.
        if !plain, let base = p.baseAddress, let nul = b.memchrIndex(base, s, e, 0) {
            error(line, b.column(at: nul, lineStart: lineStart), "NUL byte in text")
            return
        }

        if s == e {  // blank line
            endBlock()
            return
        }
        let b0 = p[s]
        let b1: UInt8 = s + 1 < e ? p[s + 1] : 0
        let b2: UInt8 = s + 2 < e ? p[s + 2] : 0

        // "//" comment: transparent (`TreeStore.joined` skips it too).
        if b0 == 0x2F && b1 == 0x2F { return }

        if b0 == 0x23 {  // '#'
            if b1 == 0x20 || b1 == 0x09 || b1 == 0 {
                titleLine(s, e, col)
                return
            }
            if b1 == 0x23 && (b2 == 0x20 || b2 == 0x09 || b2 == 0) {
                nodeHeader(lineStart, s, e, col)
                return
            }
            if b1 == 0x23 {
                var k = s
                while k < e, p[k] == 0x23 { k += 1 }
                if k == e || p[k] == 0x20 || p[k] == 0x09 {
                    error(line, col, "only two heading levels exist: '# Title' for the tree and '## id: Title' for a node")
                    endBlock()
                    return
                }
            }
        }
        if b0 == 0x3E {  // '>'
            phraseLine(lineStart, s, e, col)
            return
        }
        if b0 == 0x2A && (b1 == 0x20 || b1 == 0x09 || b1 == 0) {  // "* "
            choiceLine(lineStart, s, e, col)
            return
        }
        if phase == .treeMeta || phase == .nodeMeta, let colon = b.metadataColon(s, e) {
            metadataLine(lineStart, s, e, colon, col)
            return
        }
        guidanceLine(s, e, col)
    }

    /// A blank line (or a block-ending line) closes paragraphs, phrases and metadata.
    @inline(__always)
    mutating func endBlock() {
        closeParagraph()
        closePhrase()
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        last = .other
    }

    @inline(__always)
    mutating func closeParagraph() {
        if paragraphFrom >= 0 {
            if inNode { guidance.append(Span(paragraphFrom, paragraphTo)) }
            paragraphFrom = -1
        }
    }

    @inline(__always)
    mutating func closePhrase() {
        if phraseFrom >= 0 {
            if inNode { phrases.append(PhraseRecord(text: Span(phraseFrom, phraseTo), line: phraseLineNumber)) }
            phraseFrom = -1
        }
    }

    /// Ends the metadata block and any open paragraph or phrase before a line of `kind`.
    @inline(__always)
    mutating func begin(_ kind: LastLine) {
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        if kind != .guidance { closeParagraph() }
        if kind != .phrase { closePhrase() }
        last = kind
    }

    mutating func titleLine(_ s: Int, _ e: Int, _ col: Int) {
        begin(.other)
        let text = b.trimmedString(s + 1, e)
        if let _ = title {
            error(line, col, "second title: a tree has exactly one '# Title' line (the first is at line \(titlePosition.line))")
            return
        }
        if inNode || !nodes.isEmpty {
            error(line, col, "the title '# ...' must come before the first node")
        }
        if text.isEmpty {
            error(line, col, "empty title: write '# ' followed by the tree's title")
        }
        title = text
        titlePosition = Position(line: line, column: col)
        if !inNode { phase = .treeMeta }
    }

    mutating func nodeHeader(_ lineStart: Int, _ s: Int, _ e: Int, _ col: Int) {
        finishNode()
        begin(.other)
        if title == nil && phase == .preamble {
            error(line, col, "missing title: the file must start with '# Title' before its first node")
            title = ""
        }
        phase = .nodeMeta
        var k = s + 2
        while k < e, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
        currentKept = false
        guard k < e else {
            error(line, col, "node header without id or title: write '## id: Title'")
            startNode(Span(k, k), Span(k, k))
            return
        }
        var colon = k
        while colon < e, p[colon] != 0x3A { colon += 1 }
        guard colon < e else {
            let word = b.string(k, e)
            let hint = Identifier.isValid(word) ? "'## \(word): Title'" : "'## id: Title'"
            error(line, b.column(at: k, lineStart: lineStart), "node header needs an id and a title, as in \(hint)")
            startNode(Span(k, k), Span(k, k))
            return
        }
        let id = b.trimmed(k, colon)
        let titleSpan = b.trimmed(colon + 1, e)
        var idColumn: Int { b.column(at: k, lineStart: lineStart) }
        startNode(id, titleSpan)
        var ok = true
        if id.isEmpty {
            error(line, idColumn, "node header without id: write '## id: Title'")
            ok = false
        } else if let problem = Identifier.problem(utf8: b.bytes(id)) {
            error(line, idColumn, "bad node id '\(b.string(id))': an id \(problem)")
            ok = false
        }
        if titleSpan.isEmpty {
            error(line, b.column(at: colon, lineStart: lineStart) + 1, "node header without title: write '## \(id.isEmpty ? "id" : b.string(id)): Title'")
        }
        if ok {
            // The id goes into the arena and the index now; the node itself
            // follows when it ends.
            var first: Int32?
            if nodes.count >= limits.maxNodes {
                first = index.find(b.bytes(id), nodes: nodes.buffer, ids: ids.buffer)
                if first == nil && !nodeLimitReported {
                    error(line, col, "too many nodes: the limit is \(limits.maxNodes)")
                    nodeLimitReported = true
                }
                ok = false
            } else {
                let offset = ids.count
                ids.append(contentsOf: b.bytes(id))
                currentArenaID = Span(offset, ids.count)
                if !tail {
                    first = index.insert(currentArenaID, index: Int32(nodes.count), nodes: nodes.buffer, ids: ids.buffer)
                }
                if first != nil { ids.removeLast(id.count) }
            }
            if let first {
                error(line, idColumn, "duplicate node id '\(b.string(id))' (first defined at line \(nodes[Int(first)].line))")
                ok = false
            }
        }
        currentKept = ok
    }

    mutating func startNode(_ id: Span, _ title: Span) {
        inNode = true
        currentID = id
        currentTitle = title
        currentLine = Int32(line)
        markMeta = metas.count
        markGuidance = guidance.count
        markPhrase = phrases.count
        markChoice = choices.count
    }

    mutating func finishNode() {
        closeParagraph()
        closePhrase()
        if inNode && currentKept {
            nodes.append(NodeRecord(id: currentArenaID, title: currentTitle, line: currentLine))
            metaStart.append(Int32(markMeta))
            guidanceStart.append(Int32(markGuidance))
            phraseStart.append(Int32(markPhrase))
            choiceStart.append(Int32(markChoice))
        } else if inNode {
            // Take back the parts of a node that is not kept.
            metas.removeLast(metas.count - markMeta)
            guidance.removeLast(guidance.count - markGuidance)
            phrases.removeLast(phrases.count - markPhrase)
            choices.removeLast(choices.count - markChoice)
        }
        inNode = false
        currentKept = false
        choiceLimitReported = false
    }

    mutating func requireNode(_ col: Int, _ what: String) -> Bool {
        if inNode { return true }
        if title == nil {
            error(line, col, "\(what) before the title: a tree starts with '# Title'")
        } else {
            error(line, col, "\(what) outside a node: start a node with '## id: Title' first")
        }
        return false
    }

    @inline(__always)
    mutating func phraseLine(_ lineStart: Int, _ s: Int, _ e: Int, _ col: Int) {
        let continuing = last == .phrase
        begin(.phrase)
        guard inNode || requireNode(col, "a phrase") else { return }
        var k = s + 1
        while k < e, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
        if k == e {  // a lone '>' ends the phrase
            closePhrase()
            return
        }
        if continuing && phraseFrom >= 0 {
            phraseTo = e
        } else {
            closePhrase()
            phraseFrom = k
            phraseTo = e
            phraseLineNumber = Int32(line)
        }
    }

    mutating func choiceLine(_ lineStart: Int, _ s: Int, _ e: Int, _ col: Int) {
        begin(.other)
        guard inNode || requireNode(col, "a choice") else { return }
        // The last "->" splits label and target, so a label may hold an arrow.
        var arrow = -1
        var k = e - 2
        while k >= s + 1 {
            if p[k] == 0x2D && p[k + 1] == 0x3E { arrow = k; break }
            k -= 1
        }
        guard arrow >= 0 else {
            error(line, col, "choice without '->': write '* label -> target'")
            return
        }
        let label = b.trimmed(s + 1, arrow)
        var ts = arrow + 2
        while ts < e, p[ts] == 0x20 || p[ts] == 0x09 { ts += 1 }
        var targetColumn: Int { b.column(at: ts, lineStart: lineStart) }
        var ok = true
        if label.isEmpty {
            error(line, col, "choice with an empty label: write '* label -> target'")
            ok = false
        }
        // The usual well-formed target is checked on its bytes; only a bad
        // one is made into a string to explain the problem.
        var hash = -1
        if ts == e {
            error(line, b.column(at: arrow, lineStart: lineStart), "choice with an empty target after '->'")
            ok = false
        } else if let h = TargetSyntax.wellFormed(p, ts, e) {
            hash = h
        } else {
            let targetText = b.string(ts, e)
            let problem = TargetSyntax.problem(targetText) ?? "write 'node', 'tree#node' or 'tree'"
            error(line, targetColumn, "bad target '\(targetText)': \(problem)")
            ok = false
        }
        guard ok else { return }
        if choices.count - markChoice >= limits.maxChoicesPerNode {
            if !choiceLimitReported {
                error(line, col, "too many choices on node '\(b.string(currentID))': the limit is \(limits.maxChoicesPerNode)")
                choiceLimitReported = true
            }
            return
        }
        choices.append(ChoiceRecord(label: label, targetStart: Int32(ts), line: Int32(line),
                                    targetLength: UInt8(e - ts), hashOffset: hash < 0 ? 0 : UInt8(hash - ts)))
    }

    mutating func metadataLine(_ lineStart: Int, _ s: Int, _ e: Int, _ colon: Int, _ col: Int) {
        let key = Span(s, colon)
        var vs = colon + 1
        while vs < e, p[vs] == 0x20 || p[vs] == 0x09 { vs += 1 }
        let value = Span(vs, e)
        var valueColumn: Int { b.column(at: vs, lineStart: lineStart) }
        let position = Position(line: line, column: col)
        let onTree = phase == .treeMeta
        let kind = onTree ? MetaKey.other : MetaKey(b.bytes(key))
        // Node metadata is read on the bytes; strings are made for the few
        // tree lines and for messages.
        var firstLine: Int32?
        if onTree {
            let k = b.string(key)
            firstLine = treeMeta.first(where: { $0.key == k })?.position.line
        } else {
            for i in markMeta..<metas.count where b.bytes(metas[i].key).elementsEqual(b.bytes(key)) {
                firstLine = metas[i].line
                break
            }
        }
        if let firstLine {
            warning(line, col, "duplicate metadata key '\(b.string(key))': the value at line \(firstLine) is used")
            return
        }
        if onTree ? !TreeParser.isKnown(b.bytes(key), in: TreeParser.treeKeys) : kind == .other {
            let known = onTree ? TreeParser.treeKeys : TreeParser.nodeKeys
            let owner = onTree ? "tree" : "node"
            let k = b.string(key)
            var message = "unknown \(owner) metadata key '\(k)' (known: \(known.joined(separator: ", ")))"
            if let near = nearest(k, in: known) { message += "; did you mean '\(near)'?" }
            warning(line, col, message)
        }
        if value.isEmpty {
            warning(line, col, "metadata '\(b.string(key))' has no value")
            return
        }
        guard onTree else {
            if kind == .outcome && !Identifier.isValid(utf8: b.bytes(value)) {
                warning(line, valueColumn, "outcome '\(b.string(value))' should be a single lowercase word such as resolved, escalated, ended or safety")
            }
            if inNode {
                metas.append(MetaRecord(key: key, value: value, line: Int32(line), kind: kind))
            }
            return
        }
        let k = b.string(key)
        let v = b.string(value)
        switch k {
        case "id", "start":
            if let problem = Identifier.problem(v) {
                error(line, valueColumn, "bad \(k == "id" ? "tree id" : "start node id") '\(v)': an id \(problem)")
                return
            }
        case "lang":
            if !LanguageCode.isValid(v) {
                error(line, valueColumn, "bad language code '\(v)': use a BCP-47 code such as en, nl, es, el, fi or pt-BR")
                return
            }
        default:
            break
        }
        treeMeta.append(Metadata(key: k, value: v, position: position, valueColumn: Int32(valueColumn)))
    }

    @inline(__always)
    mutating func guidanceLine(_ s: Int, _ e: Int, _ col: Int) {
        let continuing = last == .guidance
        begin(.guidance)
        guard inNode else {
            if title == nil {
                error(line, col, "expected the title '# Title' first (a .tree file starts with it)")
            } else {
                error(line, col, "text outside a node: expected '## id: Title' here, or a 'key: value' line directly under the title")
            }
            last = .other
            return
        }
        if continuing && paragraphFrom >= 0 {
            paragraphTo = e
        } else {
            closeParagraph()
            paragraphFrom = s
            paragraphTo = e
        }
    }

    /// Joins `tail`, the parsed second half of the file, onto this first
    /// half, as if one state had read both. Only a tail without findings is
    /// taken: false (and this state spoiled) when the tail had any, or when
    /// joining finds a node id used in both halves or too many nodes; the
    /// caller then reads the file again in one go, which reports those
    /// exactly as always.
    mutating func absorb(_ tail: inout ParseState) -> Bool {
        tail.finishNode()
        // The tail was read as if a title had been seen and a node were
        // open; with no title in the first half, one pass would have
        // reported one missing at the tail's first node.
        guard tail.diagnostics.isEmpty, !tail.stopped, !stopped, title != nil,
              nodes.count + tail.nodes.count <= limits.maxNodes else { return false }
        finishNode()
        // Give back the big pages' unused ends first: with both halves'
        // records held at once, this is where a load's memory peaks.
        let lineShift = Int32(line)
        // The tail's parts are appended on the other thread, each kind in
        // turn and each freed once copied (so little is held twice at once),
        // while this one joins the nodes and indexes their ids. The parts
        // are moved out of the states for that, and back after.
        var mine = Parts(metas: metas.take(), guidance: guidance.take(), phrases: phrases.take(), choices: choices.take())
        var theirs = Parts(metas: tail.metas.take(), guidance: tail.guidance.take(),
                           phrases: tail.phrases.take(), choices: tail.choices.take())
        let bases = (Int32(mine.metas.count), Int32(mine.guidance.count), Int32(mine.phrases.count), Int32(mine.choices.count))
        var joined = true
        withUnsafeMutablePointer(to: &mine) { mine in
            withUnsafeMutablePointer(to: &theirs) { theirs in
                let job = Handed((mine, theirs))
                Parallel.both({ job.value.0.pointee.append(&job.value.1.pointee, lineShift: lineShift) }, {
                    joined = joinNodes(of: &tail, lineShift: lineShift, bases: bases)
                })
            }
        }
        metas = mine.metas.take()
        guidance = mine.guidance.take()
        phrases = mine.phrases.take()
        choices = mine.choices.take()
        line += tail.line
        return joined
    }

    /// The tail's nodes after this state's, their ids in the index; false
    /// when an id is taken.
    private mutating func joinNodes(of tail: inout ParseState, lineShift: Int32,
                                    bases: (Int32, Int32, Int32, Int32)) -> Bool {
        let total = nodes.count + tail.nodes.count
        nodes.expect(total)
        ids.expect(ids.count + tail.ids.count)
        metaStart.expect(total + 1)
        guidanceStart.expect(total + 1)
        phraseStart.expect(total + 1)
        choiceStart.expect(total + 1)
        for k in tail.nodes.indices {
            var r = tail.nodes[k]
            let offset = ids.count
            ids.append(contentsOf: UnsafeBufferPointer(rebasing: tail.ids.buffer[Int(r.id.start)..<Int(r.id.end)]))
            r.id = Span(offset, ids.count)
            let duplicate = index.insert(r.id, index: Int32(nodes.count), nodes: nodes.buffer, ids: ids.buffer)
            if duplicate != nil { return false }
            r.line += lineShift
            nodes.append(r)
            metaStart.append(tail.metaStart[k] + bases.0)
            guidanceStart.append(tail.guidanceStart[k] + bases.1)
            phraseStart.append(tail.phraseStart[k] + bases.2)
            choiceStart.append(tail.choiceStart[k] + bases.3)
        }
        tail.nodes = RecordBuffer()
        tail.ids = RecordBuffer()
        return true
    }

    /// Gives back the memory past the last record of each big buffer.
    mutating func trimAll() {
        nodes.trim(); metas.trim(); guidance.trim(); phrases.trim(); choices.trim(); ids.trim()
        metaStart.trim(); guidanceStart.trim(); phraseStart.trim(); choiceStart.trim()
    }

    /// The tree, and every finding. The records move into the tree's store.
    consuming func finish(defaultID: String, text: TextBuffer) -> (Tree?, [Diagnostic]) {
        finishNode()
        if stopped { return (nil, diagnostics) }
        if title == nil {
            if errors == 0 || nodes.isEmpty {
                error(1, 1, "missing title: a tree starts with a '# Title' line")
            }
            if nodes.isEmpty { return (nil, diagnostics) }
        }
        var idValue = defaultID
        if let m = treeMeta.first(where: { $0.key == "id" }) {
            idValue = m.value
        } else if let problem = Identifier.problem(defaultID) {
            error(1, 1, "the file name gives the tree id '\(defaultID)', which \(problem); add an 'id:' line under the title")
        }
        var startIndex: Int32?
        if nodes.isEmpty {
            error(Int(titlePosition.line), Int(titlePosition.column), "tree '\(idValue)' has no nodes: add one with '## id: Title'")
        } else if let start = treeMeta.first(where: { $0.key == "start" }) {
            var name = start.value
            if let index = name.withUTF8({ index.find($0, nodes: nodes.buffer, ids: ids.buffer) }) {
                startIndex = index
            } else if Identifier.isValid(start.value) {
                var message = "start names no node '\(start.value)'"
                let known = nodes.indices.map { n in
                    String(decoding: UnsafeBufferPointer(rebasing: ids.buffer[Int(nodes[n].id.start)..<Int(nodes[n].id.end)]), as: UTF8.self)
                }
                if let near = nearest(start.value, in: known) { message += "; did you mean '\(near)'?" }
                error(Int(start.position.line), Int(start.valueColumn), message)
            }
        } else {
            startIndex = 0
        }
        metaStart.append(Int32(metas.count))
        guidanceStart.append(Int32(guidance.count))
        phraseStart.append(Int32(phrases.count))
        choiceStart.append(Int32(choices.count))
        trimAll()
        let (diagnostics, meta, file, title, titlePosition) = (diagnostics, treeMeta, file, title ?? "", titlePosition)
        let store = TreeStore(text: text, ids: ids, nodes: nodes, metaStart: metaStart, metas: metas,
                              guidanceStart: guidanceStart, guidance: guidance,
                              phraseStart: phraseStart, phrases: phrases,
                              choiceStart: choiceStart, choices: choices, index: index)
        var tree = Tree(file: file, id: idValue, title: title, titlePosition: titlePosition, store: store)
        tree.metadata = meta
        tree.startIndex = startIndex
        return (tree, diagnostics)
    }
}

/// The parts of nodes that the second half of a file adds to the first's.
private struct Parts: ~Copyable {
    var metas: RecordBuffer<MetaRecord>
    var guidance: RecordBuffer<Span>
    var phrases: RecordBuffer<PhraseRecord>
    var choices: RecordBuffer<ChoiceRecord>

    /// Appends `tail`'s parts, their lines moved down by `lineShift`, and
    /// frees each kind of them once it is copied.
    mutating func append(_ tail: inout Parts, lineShift: Int32) {
        metas.expect(metas.count + tail.metas.count)
        guidance.expect(guidance.count + tail.guidance.count)
        phrases.expect(phrases.count + tail.phrases.count)
        choices.expect(choices.count + tail.choices.count)
        for var m in tail.metas.buffer {
            m.line += lineShift
            metas.append(m)
        }
        tail.metas = RecordBuffer()
        guidance.append(contentsOf: tail.guidance.buffer)
        tail.guidance = RecordBuffer()
        for var p in tail.phrases.buffer {
            p.line += lineShift
            phrases.append(p)
        }
        tail.phrases = RecordBuffer()
        for var c in tail.choices.buffer {
            c.line += lineShift
            choices.append(c)
        }
        tail.choices = RecordBuffer()
    }
}

/// Read-only helpers over the file's bytes.
private struct Bytes {
    let p: UnsafeBufferPointer<UInt8>

    func column(at index: Int, lineStart: Int) -> Int {
        UTF8Check.scalarCount(p, lineStart, index) + 1
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
    }

    func string(_ s: Span) -> String { string(Int(s.start), Int(s.end)) }

    func bytes(_ s: Span) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: p[Int(s.start)..<Int(s.end)])
    }

    /// The span between `start` and `end` without leading and trailing
    /// spaces and tabs.
    @inline(__always)
    func trimmed(_ start: Int, _ end: Int) -> Span {
        var s = start
        var e = end
        while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
        while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
        return Span(s, e)
    }

    func trimmedString(_ start: Int, _ end: Int) -> String { string(trimmed(start, end)) }

    /// The index of the first newline at or after `from` (or the end of the
    /// bytes), and whether every byte on the way was plain ASCII: not NUL,
    /// below 0x80. For lines in a block that is not all plain ASCII: eight
    /// bytes at a time, the same words telling whether the line needs a
    /// UTF-8 check. (The last word may reach into the next line; that only
    /// makes a line checked that need not be.)
    func lineEnd(from: Int) -> (Int, plain: Bool) {
        let n = p.count
        var i = from
        var flags: UInt64 = 0
        if let base = p.baseAddress {
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // High bits of bytes that are zero or >= 0x80.
                flags |= (((w &- 0x0101_0101_0101_0101) & ~w) | w) & 0x8080_8080_8080_8080
                let x = w ^ 0x0A0A_0A0A_0A0A_0A0A
                let newline = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                if newline != 0 { return (i + newline.trailingZeroBitCount >> 3, flags == 0) }
                i += 8
            }
        }
        while i < n && p[i] != 0x0A {
            if p[i] == 0 || p[i] >= 0x80 { flags = 1 }
            i += 1
        }
        return (i, flags == 0)
    }

    static let blockShift = 12

    /// Looks at blocks `from...through` of `p[start..<end]` (see `isOdd`);
    /// the number of blocks looked at.
    static func look(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, from: Int, through: Int,
                     into odd: UnsafeMutableBufferPointer<Bool>) -> Int {
        for k in from...through {
            let at = start + k << blockShift
            odd[k] = isOdd(p, at, Swift.min(end, at + (1 << blockShift)))
        }
        return through + 1
    }

    /// Whether `p[from..<to]` holds a NUL or a byte that is not ASCII: one
    /// pass that the compiler vectorises.
    static func isOdd(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        let raw = UnsafeRawPointer(p.baseAddress!)
        // The high bit of a byte that is >= 0x80, or that is 0 (or,
        // harmlessly, just above a 0 byte); 32 bytes at a time.
        var acc = SIMD4<UInt64>()
        let ones = SIMD4<UInt64>(repeating: 0x0101_0101_0101_0101)
        var i = from
        while i + 32 <= to {
            let w = (raw + i).loadUnaligned(as: SIMD4<UInt64>.self)
            acc |= w | ((w &- ones) & ~w)
            i += 32
        }
        var odd = (acc[0] | acc[1] | acc[2] | acc[3]) & 0x8080_8080_8080_8080 != 0
        while i < to {
            let c = p[i]
            if c == 0 || c >= 0x80 { odd = true }
            i += 1
        }
        return odd
    }

    func memchrIndex(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ byte: UInt8) -> Int? {
        guard from < to else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    func lineAndColumn(of index: Int) -> (Int, Int) {
        var l = 1
        var start = 0
        var i = 0
        while i < index {
            if p[i] == 0x0A { l += 1; start = i + 1 }
            i += 1
        }
        return (l, column(at: index, lineStart: start))
    }

    /// If the line is `key: value` with a lowercase key, the colon's index.
    func metadataColon(_ s: Int, _ e: Int) -> Int? {
        let b = p[s]
        guard b >= 0x61 && b <= 0x7A else { return nil }
        var k = s + 1
        while k < e {
            let c = p[k]
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D { k += 1; continue }
            break
        }
        guard k < e, p[k] == 0x3A else { return nil }
        if k + 1 < e, p[k + 1] != 0x20 && p[k + 1] != 0x09 { return nil }
        return k
    }
}

/// `node`, `tree#node` or `tree`.
enum TargetSyntax {
    /// For a well-formed target in `p[s..<e]`: the index of its `#`, or -1
    /// when it has none. nil when the target has a problem (see `problem`).
    static func wellFormed(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        /// Whether `p[from..<to]` is a well-formed id, given its bytes are id bytes.
        func part(_ from: Int, _ to: Int) -> Bool {
            to > from && to - from <= Identifier.maxLength && p[from] != 0x2D
        }
        var k = s
        while k < e && Identifier.isIDByte(p[k]) { k += 1 }
        if k == e { return part(s, e) ? -1 : nil }
        let hash = k
        guard p[hash] == 0x23, part(s, hash) else { return nil }
        k += 1
        while k < e && Identifier.isIDByte(p[k]) { k += 1 }
        return k == e && part(hash + 1, e) ? hash : nil
    }

    static func problem(_ text: String) -> String? {
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        if parts.count > 2 { return "write 'node', 'tree#node' or 'tree'" }
        for part in parts {
            if let problem = Identifier.problem(part) {
                return "an id \(problem)"
            }
        }
        return nil
    }
}

/// BCP-47 language tags, checked for shape: `en`, `nl`, `pt-BR`, `zh-Hant-TW`.
public enum LanguageCode {
    /// Folders named like `nl`, `es` or `pt-BR` hold translations.
    public static func isFolderName(_ s: String) -> Bool {
        isValid(s) && s.split(separator: "-").first?.count == 2
    }

    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count),
                  part.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
            else { return false }
        }
        return true
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
