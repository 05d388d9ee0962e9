/// `defuse fmt`: one canonical layout for a `.tree` file, with the same
/// meaning. It reads the file with the grammar itself (`TreeGrammar`, asked
/// for an outline of what it made of each line), so it sees exactly the
/// blocks the loader sees, and writes them out again:
///
/// - no blanks at the start or end of a line, a single space where the
///   format has one (`# Title`, `## id: Title`, `key: value`, `> phrase`,
///   `* label -> target`); the words themselves are left as written;
/// - the metadata in the order of `TreeKey` and `NodeKey` (keys the format
///   does not know after them, as written), directly under the title or
///   node header, and the node's first block directly under that;
/// - one blank line between blocks (paragraphs, phrases, the choices, the
///   next node), none inside one; a lone `>` becomes a blank line;
///   consecutive choices are one block; a phrase or paragraph written over
///   several lines keeps its lines;
/// - comments where they stand: inside a block between the same lines,
///   between blocks with a blank line before or after them as written; one
///   between metadata lines moves with the line under it;
/// - the file's own line ending (that of its first line: LF or CRLF) and
///   its byte order mark, if it has one; one line ending at the end.
///
/// Formatting twice gives what formatting once did. A file with errors is
/// not formatted: its errors come back instead. Values in, bytes out.
public struct TreeFormatter: Sendable {
    public let file: String
    public let limits: Limits
    /// The tree's id when it has no `id:` line (else the file's name gives it).
    public let defaultID: String

    /// `file` names the file in diagnostics, and gives the tree its id when it
    /// has no `id:` line, unless `defaultID` does (standard input).
    public init(file: String, limits: Limits = Limits(), defaultID: String? = nil) {
        self.file = file
        self.limits = limits
        self.defaultID = defaultID ?? Loader.defaultID(for: file)
    }

    public enum Outcome: Sendable {
        /// The file in the canonical layout (the same bytes when it already was).
        case formatted([UInt8])
        /// The file has errors, so it is left as it is.
        case errors([Diagnostic])
    }

    public func format(_ bytes: [UInt8]) -> Outcome {
        format(TextBuffer(bytes))
    }

    public func format(_ text: TextBuffer) -> Outcome {
        let parser = TreeParser(file: file, limits: limits)
        let (_, diagnostics, lines) = parser.read(text, defaultID: defaultID, outline: true)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .errors(errors) }
        var layout = Layout(text: text.buffer)
        for line in lines { layout.read(line) }
        return .formatted(layout.render())
    }
}

/// The blocks of one file, as `TreeFormatter` lays them out. Lines are
/// kept as spans into the file and written out only at the end.
private struct Layout {
    /// One line to write: its form, and its parts in the file.
    struct Line {
        enum Form: UInt8 {
            /// `first` as it is (guidance, a comment).
            case plain
            /// `# first`
            case title
            /// `## first: second`
            case header
            /// `first: second` (`first:` without a value)
            case metadata
            /// `> first`
            case phrase
            /// `* first -> second`
            case choice
        }

        var form: Form
        var first: TextSpan
        var second = TextSpan(0, 0)
    }

    struct Block {
        enum Kind { case head, paragraph, phrase, choices }
        var kind: Kind
        /// Its lines in order; for a head, the title or node header and the
        /// comments above its first metadata line.
        var lines: [Line]
        /// A head's metadata: each line with the comments above it, and where its key sorts.
        var metadata: [(rank: Int, lines: [Line])] = []
        /// A paragraph whose first line would be metadata directly under a head.
        var looksLikeMetadata = false
    }

    /// What stands between two blocks: a blank line or a comment.
    enum GapLine {
        case blank
        case comment(TextSpan)
        var isBlank: Bool { if case .blank = self { true } else { false } }
    }

    /// How two blocks are kept apart.
    enum Separator {
        /// Before the first block: no blank line at the top of the file.
        case start
        /// A head and its node's first block: nothing between them.
        case direct
        /// A blank line.
        case blank
        /// After the last block: no blank line at the end of the file.
        case end
    }

    let text: UnsafeBufferPointer<UInt8>
    let lineEnd: [UInt8]
    let byteOrderMark: Bool
    var blocks: [Block] = []
    /// `gaps[i]` stands before `blocks[i]`; `pending` after the last block so far.
    var gaps: [[GapLine]] = []
    var pending: [GapLine] = []

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        byteOrderMark = text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF
        var crlf = false
        if let newline = text.firstIndex(of: 0x0A) { crlf = newline > 0 && text[newline - 1] == 0x0D }
        lineEnd = crlf ? [0x0D, 0x0A] : [0x0A]
    }

    mutating func open(_ block: Block) {
        gaps.append(pending)
        pending = []
        blocks.append(block)
    }

    /// The comments waiting since the last line of a block (blank lines
    /// dropped), for lines that go on with that block.
    mutating func takeComments() -> [Line] {
        var comments: [Line] = []
        for line in pending { if case .comment(let c) = line { comments.append(Line(form: .plain, first: c)) } }
        pending = []
        return comments
    }

    /// The bytes at `span` spell `name`.
    func spells(_ span: TextSpan, _ name: String) -> Bool {
        span.count == name.utf8.count && name.utf8.elementsEqual(text[Int(span.start)..<Int(span.end)])
    }

    mutating func read(_ line: ReadLine) {
        switch line.role {
        case .blank, .phraseEnd:
            pending.append(.blank)
        case .comment:
            pending.append(.comment(line.first))
        case .title:
            open(Block(kind: .head, lines: [Line(form: .title, first: line.first)]))
        case .nodeHeader:
            open(Block(kind: .head, lines: [Line(form: .header, first: line.first, second: line.second)]))
        case .treeMeta, .nodeMeta:
            // The grammar reads metadata only directly under a head (comments may come between).
            let names = line.role == .treeMeta ? TreeKey.names : NodeKey.names
            let rank = names.firstIndex { spells(line.first, $0) } ?? names.count
            let metadata = Line(form: .metadata, first: line.first, second: line.second)
            let comments = takeComments()
            guard let last = blocks.indices.last, blocks[last].kind == .head else {
                open(Block(kind: .paragraph, lines: [metadata]))  // not reached: see above
                return
            }
            if blocks[last].metadata.isEmpty {
                blocks[last].lines += comments
                blocks[last].metadata.append((rank, [metadata]))
            } else {
                blocks[last].metadata.append((rank, comments + [metadata]))
            }
        case .paragraphStart:
            open(Block(kind: .paragraph, lines: [Line(form: .plain, first: line.first)], looksLikeMetadata: line.looksLikeMetadata))
        case .phraseStart:
            open(Block(kind: .phrase, lines: [Line(form: .phrase, first: line.first)]))
        case .paragraphMore, .phraseMore:
            let more = Line(form: line.role == .phraseMore ? .phrase : .plain, first: line.first)
            let comments = takeComments()
            if let last = blocks.indices.last {
                blocks[last].lines += comments + [more]
            }
        case .choice:
            let choice = Line(form: .choice, first: line.first, second: line.second)
            // Choices with only blank lines and comments between them are one block.
            if let last = blocks.indices.last, blocks[last].kind == .choices {
                blocks[last].lines += takeComments() + [choice]
            } else {
                open(Block(kind: .choices, lines: [choice]))
            }
        }
    }

    static func separator(_ before: Block, _ after: Block) -> Separator {
        guard before.kind == .head, after.kind != .head else { return .blank }
        // `word: text` right under a head would be read as metadata.
        return after.kind == .paragraph && after.looksLikeMetadata ? .blank : .direct
    }

    func render() -> [UInt8] {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out.reserveCapacity(text.count + text.count / 16 + 16)
        func put(_ span: TextSpan) {
            if !span.isEmpty { out.append(contentsOf: text[Int(span.start)..<Int(span.end)]) }
        }
        func put(_ literal: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        func emit(_ line: Line) {
            switch line.form {
            case .plain: put(line.first)
            case .title: put("# "); put(line.first)
            case .header: put("## "); put(line.first); put(": "); put(line.second)
            case .metadata:
                put(line.first)
                put(line.second.isEmpty ? ":" : ": ")
                put(line.second)
            case .phrase: put("> "); put(line.first)
            case .choice: put("* "); put(line.first); put(" -> "); put(line.second)
            }
            out += lineEnd
        }
        func emit(_ gap: [GapLine], _ separator: Separator) {
            var lines: [GapLine] = []
            for line in gap where !(line.isBlank && (lines.last?.isBlank ?? true)) {
                lines.append(line)  // no blank at the start, none twice in a row
            }
            switch separator {
            case .start: break
            case .direct: lines.removeAll { $0.isBlank }
            case .blank:
                if !gap.isEmpty && gap[0].isBlank || !lines.contains(where: \.isBlank) { lines.insert(.blank, at: 0) }
            case .end:
                if !gap.isEmpty && gap[0].isBlank && !lines.isEmpty { lines.insert(.blank, at: 0) }
                while lines.last?.isBlank == true { lines.removeLast() }
            }
            for line in lines {
                switch line {
                case .blank: out += lineEnd
                case .comment(let c): emit(Line(form: .plain, first: c))
                }
            }
        }
        for (i, block) in blocks.enumerated() {
            emit(gaps[i], i == 0 ? .start : Self.separator(blocks[i - 1], block))
            for line in block.lines { emit(line) }
            // A stable sort: lines with the same key keep their order (the first one counts).
            let metadata = block.metadata.enumerated().sorted { a, b in
                a.element.rank != b.element.rank ? a.element.rank < b.element.rank : a.offset < b.offset
            }
            for (_, m) in metadata { for line in m.lines { emit(line) } }
        }
        emit(pending, .end)
        return out
    }
}
