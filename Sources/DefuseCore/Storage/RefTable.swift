/// Where each choice of a tree leads, once the library has resolved the
/// targets (`NodeRef.none`: nowhere). Shared by the tree's views; it never
/// changes once made.
final class RefTable: Sendable {
    let refs: RecordBuffer<NodeRef>

    init(_ refs: consuming RecordBuffer<NodeRef>) { self.refs = refs }

    static let empty = RefTable(RecordBuffer())

    var count: Int { refs.count }
    subscript(i: Int) -> NodeRef { refs[i] }
}
