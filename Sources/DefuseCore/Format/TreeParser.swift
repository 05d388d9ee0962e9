/// Reads one `.tree` file: its lines (`SourceLine.scan`), what each means
/// (`TreeGrammar`), kept compactly (`TreeBuilder`, `TreeStore`). The result
/// is the tree, or nil when nothing tree-like was found, and every finding.
public struct TreeParser {
    public let file: String
    public let limits: Limits
    /// After this many errors in one file the parser stops reading it.
    public static var errorLimit: Int { TreeGrammar.errorLimit }

    public init(file: String, limits: Limits = Limits()) {
        self.file = file
        self.limits = limits
    }

    /// Parses `text`; the tree keeps it and refers to it by spans.
    public func parse(_ text: TextBuffer, defaultID: String) -> (Tree?, [Diagnostic]) {
        let (tree, diagnostics, _) = read(text, defaultID: defaultID, outline: false)
        return (tree, diagnostics)
    }

    /// Parses `text`, and with `outline` also says what each line was (see `ReadLine`).
    func read(_ text: TextBuffer, defaultID: String, outline: Bool) -> (Tree?, [Diagnostic], [ReadLine]) {
        // Parts of a tree are kept as 32-bit offsets into its bytes.
        guard text.count < Int(Int32.max) else {
            return (nil, [.error(SourceLocation(file: file, line: 1, column: 1),
                                 "file is \(text.count) bytes; a .tree file can be at most 2 GiB")], [])
        }
        var grammar = TreeGrammar(file: file, limits: limits, text: text)
        if outline { grammar.outline = [] }
        SourceLine.scan(text, into: &grammar)
        let lines = grammar.outline ?? []
        let (tree, diagnostics) = grammar.finish(defaultID: defaultID)
        return (tree, diagnostics, lines)
    }

    public func parse(_ bytes: [UInt8], defaultID: String) -> (Tree?, [Diagnostic]) {
        parse(TextBuffer(bytes), defaultID: defaultID)
    }

    public func parse(_ text: String, defaultID: String) -> (Tree?, [Diagnostic]) {
        parse(Array(text.utf8), defaultID: defaultID)
    }
}
