/// What a person adds to a step of a walk: its notes. A step's annotations
/// have one serialised form, written into the session journal (`update`
/// events) and into path files, and read back from both, so a new kind of
/// annotation is added here once.
public struct StepAnnotations: Hashable, Sendable {
    public var notes: [Note] = []

    public init(notes: [Note] = []) {
        self.notes = notes
    }

    /// The JSON members, in order: `notes` (each `text`, `time`, and `offset`
    /// when the local time is not UTC).
    public var json: [(String, JSON)] {
        [("notes", .array(notes.map { note in
            var pairs: [(String, JSON)] = [("text", .string(note.text)), ("time", .string(note.time.iso8601))]
            if note.time.utcOffset != 0 { pairs.append(("offset", .int(Int(note.time.utcOffset)))) }
            return .object(pairs)
        }))]
    }

    /// Reads the members of `object` (at JSON path `at`, for errors).
    public init(decoding object: [(String, JSON)], at: String) throws(PathDocumentError) {
        let r = JSONReader()
        for (k, n) in try r.array(object, "notes", at).enumerated() {
            let path = "\(at.isEmpty ? "" : at + ".")notes[\(k)]"
            let o = try r.object(n, path)
            var time = try r.time(o, "time", path)
            time.utcOffset = Int32(truncatingIfNeeded: r.member(o, "offset")?.intValue ?? 0)
            notes.append(Note(text: try r.string(o, "text", path), time: time))
        }
    }
}
