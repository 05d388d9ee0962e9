/// A change to a session, named by ids so it reads without the trees: the
/// session's event stream. A `Session` makes every change it undergoes
/// through `Session.apply`, so the journal that records these events can be
/// replayed into the same session (`--resume`), and another process can
/// follow one as it happens.
///
/// On disk each is one line of JSON with an `event` member (`step`, `update`,
/// `back`, `reset`, `lang`, `quiz`, `drill`, `reveal`); times are ISO 8601
/// UTC with `offset`, the local offset in seconds.
public enum SessionEvent: Hashable, Sendable {
    /// A move to `tree#node`; `choice` is the index of the previous step's
    /// choice taken (for `.choice` arrivals).
    case step(tree: String, node: String, arrival: Arrival.Kind, choice: Int?, time: Timestamp)
    /// The current step's annotations are now these.
    case update(StepAnnotations)
    /// A note added to the current step (written by earlier versions; read only).
    case note(Note)
    /// The last `count` moves were undone: they stay as a branch tried from
    /// the step the walk went back to.
    case back(count: Int)
    /// The walk was replaced whole (`load`): what follows rebuilds it.
    case reset
    /// The language shown (nil: each tree's own).
    case lang(String?)
    /// Quiz mode on or off.
    case quiz(Bool)
    /// Drill mode on or off.
    case drill(Bool)
    /// The current step's hidden phrases were shown.
    case reveal

    // MARK: JSON

    public var json: JSON {
        switch self {
        case let .step(tree, node, arrival, choice, time):
            return .object([
                ("event", .string("step")), ("tree", .string(tree)), ("node", .string(node)),
                ("arrival", .string(arrival.rawValue)), ("choice", choice.map { .int($0) } ?? .null),
                ("time", .string(time.iso8601)), ("offset", .int(Int(time.utcOffset))),
            ])
        case .update(let annotations):
            return .object([("event", .string("update"))] + annotations.json)
        case .note(let note):
            return .object([("event", .string("note")), ("text", .string(note.text)),
                            ("time", .string(note.time.iso8601)), ("offset", .int(Int(note.time.utcOffset)))])
        case .back(let count):
            return .object([("event", .string("back")), ("count", .int(count))])
        case .reset:
            return .object([("event", .string("reset"))])
        case .lang(let code):
            return .object([("event", .string("lang")), ("lang", .optional(code))])
        case .quiz(let on):
            return .object([("event", .string("quiz")), ("on", .bool(on))])
        case .drill(let on):
            return .object([("event", .string("drill")), ("on", .bool(on))])
        case .reveal:
            return .object([("event", .string("reveal"))])
        }
    }

    /// What one decoded journal line holds.
    public enum Decoded: Sendable {
        case event(SessionEvent)
        /// A line this version does not know (a later version may write more kinds).
        case other(kind: String)
    }

    /// Reads one journal line's object. `kind` is its `event` member.
    public static func decode(_ object: JSON) throws(JSONPathError) -> Decoded {
        let r = JSONReader()
        let o = try r.object(object, "")
        let kind = try r.string(o, "event", "")
        func time() throws(JSONPathError) -> Timestamp {
            var t = try r.time(o, "time", "")
            t.utcOffset = Int32(truncatingIfNeeded: r.member(o, "offset")?.intValue ?? 0)
            return t
        }
        switch kind {
        case "step":
            let arrival = Arrival.Kind(rawValue: r.member(o, "arrival")?.stringValue ?? "") ?? .open
            return .event(.step(tree: try r.string(o, "tree", ""), node: try r.string(o, "node", ""),
                                arrival: arrival, choice: r.member(o, "choice")?.intValue, time: try time()))
        case "update":
            return .event(.update(try StepAnnotations(decoding: o, at: "")))
        case "note":
            return .event(.note(Note(text: try r.string(o, "text", ""), time: try time())))
        case "back":
            return .event(.back(count: max(0, r.member(o, "count")?.intValue ?? 1)))
        case "reset":
            return .event(.reset)
        case "lang":
            return .event(.lang(r.member(o, "lang")?.stringValue))
        case "quiz":
            return .event(.quiz(r.member(o, "on")?.boolValue ?? false))
        case "drill":
            return .event(.drill(r.member(o, "on")?.boolValue ?? false))
        case "reveal":
            return .event(.reveal)
        default:
            return .other(kind: kind)
        }
    }
}
