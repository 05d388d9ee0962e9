// The records a tree store keeps for each part of a tree: a line number and
// spans into the file's text. A column is worked out from the text when it
// is asked for (diagnostics and exports), as every record starts at its
// line's first non-blank character.

/// `## id: Title`: the id is a span into the id arena, the title into the text.
struct NodeRecord: Sendable {
    var id: TextSpan
    var title: TextSpan
    var line: Int32
}

/// `* label -> target`. A target is a well-formed `node`, `tree#node` or
/// `tree`, so at most 129 bytes; `hashOffset` is where its `#` is (0: none).
struct ChoiceRecord: Sendable {
    var label: TextSpan
    var targetStart: Int32
    var line: Int32
    var targetLength: UInt8
    var hashOffset: UInt8

    var target: TextSpan { TextSpan(Int(targetStart), Int(targetStart) + Int(targetLength)) }
    /// The index of the target's `#` in the text, or -1.
    var hash: Int { hashOffset == 0 ? -1 : Int(targetStart) + Int(hashOffset) }
}

/// A phrase: its text (the first line's, or the lines joined) and line.
struct PhraseRecord: Sendable {
    var text: TextSpan
    var line: Int32
}

/// A `key: value` line of a node; `key` says which known key it is (nil
/// for one the format does not know), so checks need not read its bytes.
struct MetaRecord: Sendable {
    var name: TextSpan
    var value: TextSpan
    var line: Int32
    var key: NodeKey?
}
