/// What a person adds to a step of a walk: notes, the words the trainee
/// said there, and how close they judged them to the playbook. A step's
/// annotations have one serialised form, written into the session journal
/// (`update` events) and into path files, and read back from both, so a new
/// kind of annotation is added here once.
public struct StepAnnotations: Hashable, Sendable {
    public var notes: [Note] = []
    /// What the trainee said (`say`), or nil.
    public var said: Said?
    /// How close the trainee judged their words to the playbook's, 1 to 5 (`rate`), or nil.
    public var rating: Int?

    public init(notes: [Note] = [], said: Said? = nil, rating: Int? = nil) {
        self.notes = notes
        self.said = said
        self.rating = rating
    }

    public static let ratings = 1...5

    /// The JSON members, in order: `notes` (each `text`, `time`, and `offset`
    /// when the local time is not UTC), `said` (`text`, `phrase`, `seconds`,
    /// or null) and `rating` (1 to 5, or null).
    public var json: [(String, JSON)] {
        [
            ("notes", .array(notes.map { note in
                var pairs: [(String, JSON)] = [("text", .string(note.text)), ("time", .string(note.time.iso8601))]
                if note.time.utcOffset != 0 { pairs.append(("offset", .int(Int(note.time.utcOffset)))) }
                return .object(pairs)
            })),
            ("said", said?.json ?? .null),
            ("rating", rating.map { .int($0) } ?? .null),
        ]
    }

    /// Reads the members of `object` (at JSON path `at`, for errors). `said`
    /// and `rating` may be missing: files written before they existed.
    public init(decoding object: [(String, JSON)], at: String) throws(JSONPathError) {
        let r = JSONReader()
        let prefix = at.isEmpty ? "" : at + "."
        for (k, n) in try r.array(object, "notes", at).enumerated() {
            let path = "\(prefix)notes[\(k)]"
            let o = try r.object(n, path)
            var time = try r.time(o, "time", path)
            time.utcOffset = Int32(truncatingIfNeeded: r.member(o, "offset")?.intValue ?? 0)
            notes.append(Note(text: try r.string(o, "text", path), time: time))
        }
        if let value = r.member(object, "said"), value != .null {
            said = try Said(decoding: value, at: prefix + "said")
        }
        rating = try r.optionalInt(object, "rating", at, in: Self.ratings)
    }
}
