/// A byte range in a tree file's text: how the store keeps every part of a
/// tree (a title, an id, a phrase) without copying it out of the file.
struct TextSpan: Sendable {
    var start: Int32
    var end: Int32

    init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    var isEmpty: Bool { start >= end }
    var count: Int { Int(end - start) }
}
