/// The `.tree` parser: one pass over the file's UTF-8 bytes, line by line.
///
/// It never stops at the first problem: every finding becomes a diagnostic
/// and parsing goes on, so an author sees all of them at once. Only a file
/// that is clearly not text (NUL bytes) or that has a flood of errors is cut
/// short.
public struct TreeParser {
    public static let treeKeys = ["id", "start", "lang", "summary", "tags", "version"]
    public static let nodeKeys = ["source", "outcome", "tone", "tags"]
    /// After this many errors in one file the parser stops reading it.
    public static let errorLimit = 50

    public let file: String
    public let limits: Limits

    public init(file: String, limits: Limits = Limits()) {
        self.file = file
        self.limits = limits
    }

    /// Parses `bytes`. The tree is nil only when nothing tree-like was found.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, defaultID: String) -> (Tree?, [Diagnostic]) {
        var state = ParseState(file: file, bytes: bytes, limits: limits)
        state.run()
        return state.finish(defaultID: defaultID, bytes: bytes)
    }

    public func parse(_ bytes: [UInt8], defaultID: String) -> (Tree?, [Diagnostic]) {
        bytes.withUnsafeBufferPointer { parse($0, defaultID: defaultID) }
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

private struct ParseState {
    let file: String
    let p: UnsafeBufferPointer<UInt8>
    let limits: Limits
    var diagnostics: [Diagnostic] = []
    var errors = 0
    var stopped = false

    var phase = Phase.preamble
    var last = LastLine.other
    var title: String?
    var titlePosition = Position(line: 1, column: 1)
    var treeMeta: [Metadata] = []
    var nodes: [Node] = []
    var nodeIndex: [String: Int32] = [:]
    /// The node being read: its header, kept apart from the parts so that
    /// reading a line never copies a node.
    var inNode = false
    var currentID = ""
    var currentTitle = ""
    var currentPosition = Position(line: 0, column: 0)
    var currentKept = false  // false for a node whose header was broken or duplicate
    // The current node's parts, gathered in reused buffers and copied into
    // exactly sized arrays when the node ends (fewer allocations than
    // growing each node's arrays one element at a time).
    var nodeGuidance: [String] = []
    var nodePhrases: [Phrase] = []
    var nodeChoices: [Choice] = []
    var nodeMeta: [Metadata] = []
    /// Byte ranges of the lines of the open paragraph and phrase; joined with
    /// single spaces into one string when they close.
    var paragraphLines: [Range<Int>] = []
    var phraseLines: [Range<Int>] = []
    var joinBuffer: [UInt8] = []
    var phrasePosition = Position(line: 0, column: 0)
    var line = 0
    /// Whether the whole file is valid UTF-8 without NUL bytes: then lines
    /// need not be checked one by one.
    var clean = false
    var nodeLimitReported = false
    var choiceLimitReported = false

    init(file: String, bytes: UnsafeBufferPointer<UInt8>, limits: Limits) {
        self.file = file
        self.p = bytes
        self.limits = limits
        // A node takes a few hundred bytes; reserving for a low estimate
        // saves most of the regrowth on big files without over-allocating.
        let estimate = min(bytes.count / 512, limits.maxNodes)
        nodes.reserveCapacity(estimate)
        nodeIndex.reserveCapacity(estimate)
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

    func column(at index: Int, lineStart: Int) -> Int {
        UTF8Check.scalarCount(p, lineStart, index) + 1
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
    }

    /// The text between `start` and `end` without leading and trailing
    /// spaces and tabs, made into a string once.
    func trimmedString(_ start: Int, _ end: Int) -> String {
        var s = start
        var e = end
        while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
        while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
        return string(s, e)
    }

    /// The lines in `ranges` joined with single spaces.
    mutating func joined(_ ranges: [Range<Int>]) -> String {
        if ranges.count == 1 { return string(ranges[0].lowerBound, ranges[0].upperBound) }
        joinBuffer.removeAll(keepingCapacity: true)
        for (i, r) in ranges.enumerated() {
            if i > 0 { joinBuffer.append(0x20) }
            joinBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
        }
        return String(decoding: joinBuffer, as: UTF8.self)
    }

    mutating func run() {
        let n = p.count
        var i = 0
        // A UTF-8 byte order mark is allowed and skipped.
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        if n - i == 0 {
            error(1, 1, "empty file: a tree needs a '# Title' line and at least one '## id: Title' node")
            stopped = true
            return
        }
        // A file with NUL bytes near its start is binary, not a tree.
        let probeEnd = min(n, i + 8192)
        if let base = p.baseAddress, let hit = memchrIndex(base, i, probeEnd, 0) {
            let (l, c) = lineAndColumn(of: hit)
            error(l, c, "binary file (NUL byte): a .tree file is UTF-8 text")
            stopped = true
            return
        }
        if let base = p.baseAddress {
            clean = UTF8Check.firstInvalid(p, i, n) == nil && memchrIndex(base, i, n, 0) == nil
        }
        while i < n && !stopped {
            line += 1
            let end = p.baseAddress.flatMap { memchrIndex($0, i, n, 0x0A) } ?? n
            processLine(i, end)
            i = end + 1
        }
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

    mutating func processLine(_ lineStart: Int, _ lineEnd: Int) {
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

        if !clean, let bad = UTF8Check.firstInvalid(p, s, e) {
            error(line, column(at: bad, lineStart: lineStart), "invalid UTF-8 on this line; save the file as UTF-8")
        }
        if !clean, let base = p.baseAddress, let nul = memchrIndex(base, s, e, 0) {
            error(line, column(at: nul, lineStart: lineStart), "NUL byte in text")
            return
        }

        if s == e {  // blank line
            endBlock()
            return
        }
        let b0 = p[s]
        let b1: UInt8 = s + 1 < e ? p[s + 1] : 0
        let b2: UInt8 = s + 2 < e ? p[s + 2] : 0

        if b0 == 0x2F && b1 == 0x2F { return }  // "//" comment: transparent

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
        if phase == .treeMeta || phase == .nodeMeta, let colon = metadataColon(s, e) {
            metadataLine(lineStart, s, e, colon, col)
            return
        }
        guidanceLine(s, e, col)
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

    /// A blank line (or a block-ending line) closes paragraphs, phrases and metadata.
    mutating func endBlock() {
        closeParagraph()
        closePhrase()
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        last = .other
    }

    mutating func closeParagraph() {
        if !paragraphLines.isEmpty {
            if inNode { nodeGuidance.append(joined(paragraphLines)) }
            paragraphLines.removeAll(keepingCapacity: true)
        }
    }

    mutating func closePhrase() {
        if !phraseLines.isEmpty {
            if inNode { nodePhrases.append(Phrase(text: joined(phraseLines), position: phrasePosition)) }
            phraseLines.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the metadata block and any open paragraph or phrase before a line of `kind`.
    mutating func begin(_ kind: LastLine) {
        if phase == .treeMeta { phase = .treeBody }
        if phase == .nodeMeta { phase = .nodeBody }
        if kind != .guidance { closeParagraph() }
        if kind != .phrase { closePhrase() }
        last = kind
    }

    mutating func titleLine(_ s: Int, _ e: Int, _ col: Int) {
        begin(.other)
        let text = trimmedString(s + 1, e)
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
        let headerPosition = Position(line: line, column: col)
        currentKept = false
        guard k < e else {
            error(line, col, "node header without id or title: write '## id: Title'")
            startNode("", "", headerPosition)
            return
        }
        var colon = k
        while colon < e, p[colon] != 0x3A { colon += 1 }
        guard colon < e else {
            let word = string(k, e)
            let hint = Identifier.isValid(word) ? "'## \(word): Title'" : "'## id: Title'"
            error(line, column(at: k, lineStart: lineStart), "node header needs an id and a title, as in \(hint)")
            startNode("", "", headerPosition)
            return
        }
        let id = trimmedString(k, colon)
        let titleText = trimmedString(colon + 1, e)
        let idColumn = column(at: k, lineStart: lineStart)
        startNode(id, titleText, headerPosition)
        var ok = true
        if id.isEmpty {
            error(line, idColumn, "node header without id: write '## id: Title'")
            ok = false
        } else if let problem = Identifier.problem(id) {
            error(line, idColumn, "bad node id '\(id)': an id \(problem)")
            ok = false
        }
        if titleText.isEmpty {
            error(line, column(at: colon, lineStart: lineStart) + 1, "node header without title: write '## \(id.isEmpty ? "id" : id): Title'")
        }
        if ok, let first = nodeIndex[id] {
            error(line, idColumn, "duplicate node id '\(id)' (first defined at line \(nodes[Int(first)].position.line))")
            ok = false
        }
        if ok && nodes.count >= limits.maxNodes {
            if !nodeLimitReported {
                error(line, col, "too many nodes: the limit is \(limits.maxNodes)")
                nodeLimitReported = true
            }
            ok = false
        }
        currentKept = ok
    }

    mutating func startNode(_ id: String, _ title: String, _ position: Position) {
        inNode = true
        currentID = id
        currentTitle = title
        currentPosition = position
    }

    mutating func finishNode() {
        closeParagraph()
        closePhrase()
        if inNode && currentKept {
            var node = Node(id: currentID, title: currentTitle, position: currentPosition)
            node.guidance = exact(nodeGuidance)
            node.phrases = exact(nodePhrases)
            node.choices = exact(nodeChoices)
            node.metadata = exact(nodeMeta)
            nodeIndex[node.id] = Int32(nodes.count)
            nodes.append(node)
        }
        nodeGuidance.removeAll(keepingCapacity: true)
        nodePhrases.removeAll(keepingCapacity: true)
        nodeChoices.removeAll(keepingCapacity: true)
        nodeMeta.removeAll(keepingCapacity: true)
        inNode = false
        currentKept = false
        choiceLimitReported = false
    }

    /// A copy of `scratch` in an array of its own, allocated once at its size.
    func exact<T>(_ scratch: [T]) -> [T] {
        if scratch.isEmpty { return [] }
        var out: [T] = []
        out.reserveCapacity(scratch.count)
        out.append(contentsOf: scratch)
        return out
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

    mutating func phraseLine(_ lineStart: Int, _ s: Int, _ e: Int, _ col: Int) {
        let continuing = last == .phrase
        begin(.phrase)
        guard requireNode(col, "a phrase") else { return }
        var k = s + 1
        while k < e, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
        if k == e {  // a lone '>' ends the phrase
            closePhrase()
            return
        }
        if continuing && !phraseLines.isEmpty {
            phraseLines.append(k..<e)
        } else {
            closePhrase()
            phraseLines.append(k..<e)
            phrasePosition = Position(line: line, column: col)
        }
    }

    mutating func choiceLine(_ lineStart: Int, _ s: Int, _ e: Int, _ col: Int) {
        begin(.other)
        guard requireNode(col, "a choice") else { return }
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
        let label = trimmedString(s + 1, arrow)
        var ts = arrow + 2
        while ts < e, p[ts] == 0x20 || p[ts] == 0x09 { ts += 1 }
        let targetColumn = column(at: ts, lineStart: lineStart)
        var ok = true
        if label.isEmpty {
            error(line, col, "choice with an empty label: write '* label -> target'")
            ok = false
        }
        // The usual well-formed target is checked on its bytes; only a bad
        // one is made into a string to explain the problem.
        var hash = -1
        if ts == e {
            error(line, column(at: arrow, lineStart: lineStart), "choice with an empty target after '->'")
            ok = false
        } else if let h = TargetSyntax.wellFormed(p, ts, e) {
            hash = h
        } else {
            let targetText = string(ts, e)
            let problem = TargetSyntax.problem(targetText) ?? "write 'node', 'tree#node' or 'tree'"
            error(line, targetColumn, "bad target '\(targetText)': \(problem)")
            ok = false
        }
        guard ok else { return }
        if inNode, nodeChoices.count >= limits.maxChoicesPerNode {
            if !choiceLimitReported {
                error(line, col, "too many choices on node '\(currentID)': the limit is \(limits.maxChoicesPerNode)")
                choiceLimitReported = true
            }
            return
        }
        guard inNode else { return }
        let target = hash >= 0 ? TargetName(tree: string(ts, hash), node: string(hash + 1, e))
                               : TargetName(tree: nil, node: string(ts, e))
        nodeChoices.append(Choice(label: label, target: target,
                                  position: Position(line: line, column: col),
                                  targetColumn: Int32(targetColumn)))
    }

    mutating func metadataLine(_ lineStart: Int, _ s: Int, _ e: Int, _ colon: Int, _ col: Int) {
        let key = string(s, colon)
        var vs = colon + 1
        while vs < e, p[vs] == 0x20 || p[vs] == 0x09 { vs += 1 }
        let value = string(vs, e)
        let valueColumn = column(at: vs, lineStart: lineStart)
        let entry = Metadata(key: key, value: value, position: Position(line: line, column: col),
                             valueColumn: Int32(valueColumn))
        let onTree = phase == .treeMeta
        let known = onTree ? TreeParser.treeKeys : TreeParser.nodeKeys
        let existing = onTree ? treeMeta : (inNode ? nodeMeta : [])
        if let first = existing.first(where: { $0.key == key }) {
            warning(line, col, "duplicate metadata key '\(key)': the value at line \(first.position.line) is used")
            return
        }
        if !known.contains(key) {
            let owner = onTree ? "tree" : "node"
            var message = "unknown \(owner) metadata key '\(key)' (known: \(known.joined(separator: ", ")))"
            if let near = nearest(key, in: known) { message += "; did you mean '\(near)'?" }
            warning(line, col, message)
        }
        if value.isEmpty {
            warning(line, col, "metadata '\(key)' has no value")
            return
        }
        switch (onTree, key) {
        case (true, "id"), (true, "start"):
            if let problem = Identifier.problem(value) {
                error(line, valueColumn, "bad \(key == "id" ? "tree id" : "start node id") '\(value)': an id \(problem)")
                return
            }
        case (true, "lang"):
            if !LanguageCode.isValid(value) {
                error(line, valueColumn, "bad language code '\(value)': use a BCP-47 code such as en, nl, es, el, fi or pt-BR")
                return
            }
        case (false, "outcome"):
            if !Identifier.isValid(value) {
                warning(line, valueColumn, "outcome '\(value)' should be a single lowercase word such as resolved, escalated, ended or safety")
            }
        default:
            break
        }
        if onTree {
            treeMeta.append(entry)
        } else if inNode {
            nodeMeta.append(entry)
        }
    }

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
        if continuing && !paragraphLines.isEmpty {
            paragraphLines.append(s..<e)
        } else {
            closeParagraph()
            paragraphLines.append(s..<e)
        }
    }

    mutating func finish(defaultID: String, bytes: UnsafeBufferPointer<UInt8>) -> (Tree?, [Diagnostic]) {
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
        var tree = Tree(file: file, id: idValue, title: title ?? "", titlePosition: titlePosition)
        tree.metadata = treeMeta
        tree.nodes = nodes
        tree.nodeIndex = nodeIndex
        tree.contentHash = ContentHash.hex(bytes)
        if nodes.isEmpty {
            error(Int(titlePosition.line), Int(titlePosition.column), "tree '\(idValue)' has no nodes: add one with '## id: Title'")
        } else if let start = treeMeta.first(where: { $0.key == "start" }) {
            if let index = nodeIndex[start.value] {
                tree.startIndex = index
            } else if Identifier.isValid(start.value) {
                var message = "start names no node '\(start.value)'"
                if let near = nearest(start.value, in: nodes.map(\.id)) { message += "; did you mean '\(near)'?" }
                error(Int(start.position.line), Int(start.valueColumn), message)
            }
        } else {
            tree.startIndex = 0
        }
        return (tree, diagnostics)
    }
}

/// `node`, `tree#node` or `tree`.
enum TargetSyntax {
    /// For a well-formed target in `p[s..<e]`: the index of its `#`, or -1
    /// when it has none. nil when the target has a problem (see `problem`).
    static func wellFormed(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var hash = -1
        var partStart = s
        var k = s
        while k <= e {
            if k == e || p[k] == 0x23 {
                let n = k - partStart
                if n == 0 || n > Identifier.maxLength || p[partStart] == 0x2D { return nil }
                if k < e {
                    if hash >= 0 { return nil }
                    hash = k
                    partStart = k + 1
                }
                k += 1
                continue
            }
            let b = p[k]
            if !((b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D) { return nil }
            k += 1
        }
        return hash
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
