/// What is wrong with a path file (see `JSONPathError`).
public typealias PathDocumentError = JSONPathError

/// A walked path as a document: the `defuse.path/1` JSON schema (see
/// `Examples/PATH-SCHEMA.md`). Steps name trees and nodes by id, never by
/// index, so a saved path survives edits to the trees; every text shown is
/// kept too, so drift can be reported exactly.
public struct PathDocument: Hashable, Sendable {
    public static let schema = "defuse.path/1"

    /// A tree the path passes through, as it was when the path was saved.
    public struct TreeInfo: Hashable, Sendable {
        public var id: String
        public var title: String
        public var file: String
        /// `Tree.contentHash`: a 64-bit hash of the file's bytes (`ContentHash`).
        public var hash: String
        public var lang: String

        public init(id: String, title: String, file: String, hash: String, lang: String) {
            self.id = id
            self.title = title
            self.file = file
            self.hash = hash
            self.lang = lang
        }
    }

    /// The choice taken from a step: its label as shown and where it led.
    public struct Taken: Hashable, Sendable {
        public var label: String
        /// `tree#node`.
        public var target: String

        public init(label: String, target: String) {
            self.label = label
            self.target = target
        }
    }

    public struct PathStep: Hashable, Sendable {
        public var tree: String
        public var node: String
        public var title: String
        public var time: Timestamp
        public var arrival: Arrival.Kind
        /// How heated the customer was at the node (`intensity:`), or nil.
        public var intensity: Int?
        public var phrases: [String]
        /// What was added at this step: notes, the words said, a rating.
        public var annotations: StepAnnotations
        /// Whether drill mode was on when the step was reached.
        public var drill: Bool
        /// The choice taken from this step; nil on the last step of its walk
        /// and when the next step was reached by goto, restart or open.
        public var taken: Taken?
        /// Branches tried from this step and undone, each the steps that
        /// followed it (the first reached from this step), of the same shape.
        public var undone: [[PathStep]]

        public init(tree: String, node: String, title: String, time: Timestamp, arrival: Arrival.Kind,
                    intensity: Int? = nil, phrases: [String] = [], annotations: StepAnnotations = StepAnnotations(),
                    drill: Bool = false, taken: Taken? = nil, undone: [[PathStep]] = []) {
            self.tree = tree
            self.node = node
            self.title = title
            self.time = time
            self.arrival = arrival
            self.intensity = intensity
            self.phrases = phrases
            self.annotations = annotations
            self.drill = drill
            self.taken = taken
            self.undone = undone
        }

        public var notes: [Note] { annotations.notes }

        /// `tree#node`.
        public var ref: String { TargetName(tree: tree, node: node).description }
    }

    /// The version of defuse that wrote the path.
    public var defuse: String
    public var created: Timestamp
    /// The language the path was walked in (titles, phrases and labels are in it).
    public var lang: String
    public var trees: [TreeInfo]
    /// The outcome of the last step when it is an end node, else nil.
    public var outcome: String?
    /// What a walk that did not reach an end shows for its outcome.
    public static let unfinished = "not finished"
    public var steps: [PathStep]

    public init(defuse: String, created: Timestamp, lang: String, trees: [TreeInfo], outcome: String?, steps: [PathStep]) {
        self.defuse = defuse
        self.created = created
        self.lang = lang
        self.trees = trees
        self.outcome = outcome
        self.steps = steps
    }

    /// The tree entry for `id`.
    public func tree(_ id: String) -> TreeInfo? {
        trees.first { $0.id == id }
    }
}

// MARK: - From a session

extension PathDocument {
    /// The session's walk as a document, texts in the session's language.
    public init(session: Session, version: String, created: Timestamp) {
        let lib = session.library
        var infos: [TreeInfo] = []
        var seen = Set<Int32>()
        /// Each list of steps (the walk, or a branch tried from a step) as
        /// path steps; the first of the walk cannot be reached by a choice.
        func convert(_ list: [Step], isWalk: Bool) -> [PathStep] {
            var out: [PathStep] = []
            out.reserveCapacity(list.count)
            for (i, step) in list.enumerated() {
                let t = Int(step.node.tree)
                let tree = lib.trees[t]
                if seen.insert(step.node.tree).inserted {
                    let shown = session.displayTree(t)
                    infos.append(TreeInfo(id: tree.id, title: shown.title, file: tree.file,
                                          hash: shown.contentHash.isEmpty ? tree.contentHash : shown.contentHash,
                                          lang: shown.lang))
                }
                let source = lib.node(step.node)
                let shown = session.display(step.node)
                var taken: Taken?
                if i + 1 < list.count, case .choice(let c) = list[i + 1].arrival, c < source.choices.count {
                    let label = c < shown.choices.count ? shown.choices[c].label : source.choices[c].label
                    taken = Taken(label: label, target: lib.address(of: list[i + 1].node))
                }
                let arrival = isWalk && i == 0 && step.arrival.kind == .choice ? .open : step.arrival.kind
                out.append(PathStep(tree: tree.id, node: source.id, title: shown.title, time: step.time, arrival: arrival,
                                    intensity: source.intensity?.value, phrases: shown.phrases.map(\.text),
                                    annotations: step.annotations, drill: step.drill, taken: taken,
                                    undone: step.undone.map { convert($0, isWalk: false) }))
            }
            return out
        }
        let steps = convert(session.steps, isWalk: true)
        var outcome: String?
        if let last = session.steps.last {
            let node = lib.node(last.node)
            if node.isEnd { outcome = node.outcome ?? "end" }
        }
        let lang = session.lang ?? session.steps.first.map { lib.trees[Int($0.node.tree)].lang } ?? "en"
        self.init(defuse: version, created: created, lang: lang, trees: infos, outcome: outcome, steps: steps)
    }

    /// Every step of the walk and of the branches tried from it, depth first
    /// (a branch's steps right after the step it was tried from), each with
    /// its JSON path (`steps[3]`, `steps[3].undone[0][1]`), the index of the
    /// walk's step it is, or was tried from (3 in both examples), and whether
    /// it is in a branch.
    public var allSteps: [(path: String, walkStep: Int, inBranch: Bool, step: PathStep)] {
        var out: [(String, Int, Bool, PathStep)] = []
        var stack: [(String, Int, Bool, PathStep)] = steps.enumerated().reversed().map { ("steps[\($0.offset)]", $0.offset, false, $0.element) }
        while let item = stack.popLast() {
            let (path, top, _, step) = item
            out.append(item)
            for (b, branch) in step.undone.enumerated().reversed() {
                for (k, s) in branch.enumerated().reversed() { stack.append(("\(path).undone[\(b)][\(k)]", top, true, s)) }
            }
        }
        return out
    }

    /// Where a step of `allSteps` is, in words: `step 4` in the walk, or
    /// `tried from step 4` in a branch tried from the walk's fourth step.
    public static func place(walkStep: Int, inBranch: Bool) -> String {
        (inBranch ? "tried from step " : "step ") + String(walkStep + 1)
    }
}

// MARK: - Encoding

extension PathDocument.PathStep {
    /// The step as a path file holds it.
    public var json: JSON {
        .object([
            ("tree", .string(tree)),
            ("node", .string(node)),
            ("title", .string(title)),
            ("time", .string(time.iso8601)),
            ("arrival", .string(arrival.rawValue)),
            ("intensity", intensity.map { .int($0) } ?? .null),
            ("phrases", .array(phrases.map { .string($0) })),
        ] + annotations.json + [
            ("drill", .bool(drill)),
            ("taken", taken.map { .object([("label", .string($0.label)), ("target", .string($0.target))]) } ?? .null),
            ("undone", .array(undone.map { .array($0.map(\.json)) })),
        ])
    }
}

extension PathDocument {
    public var json: JSON {
        .object([
            ("schema", .string(PathDocument.schema)),
            ("defuse", .string(defuse)),
            ("created", .string(created.iso8601)),
            ("lang", .string(lang)),
            ("trees", .array(trees.map { t in
                .object([("id", .string(t.id)), ("title", .string(t.title)), ("file", .string(t.file)),
                         ("hash", .string(t.hash)), ("lang", .string(t.lang))])
            })),
            ("outcome", .optional(outcome)),
            ("steps", .array(steps.map(\.json))),
        ])
    }

    /// Indented JSON with a final newline: the `.json` export.
    public func encoded() -> String {
        json.pretty() + "\n"
    }
}

// MARK: - Decoding

extension PathDocument {
    /// Reads a `defuse.path/1` document strictly. Unknown keys are ignored
    /// (later versions may add some); missing or mistyped ones are errors.
    public static func decode(bytes: [UInt8]) -> Result<PathDocument, PathDocumentError> {
        switch JSON.parse(bytes: bytes, maxDepth: 256) {
        case .failure(let e):
            return .failure(PathDocumentError(path: "", message: "not valid JSON: \(e.description)"))
        case .success(let value):
            do throws(PathDocumentError) {
                return .success(try decode(value))
            } catch {
                return .failure(error)
            }
        }
    }

    public static func decode(text: String) -> Result<PathDocument, PathDocumentError> {
        decode(bytes: Array(text.utf8))
    }

    static func decode(_ root: JSON) throws(PathDocumentError) -> PathDocument {
        let r = JSONReader()
        let top = try r.object(root, "")
        let schema = try r.string(top, "schema", "")
        guard schema == PathDocument.schema else {
            if schema.hasPrefix("defuse.path/") {
                throw PathDocumentError(path: "schema", message: "version '\(schema)' is not supported; this defuse reads '\(PathDocument.schema)'")
            }
            throw PathDocumentError(path: "schema", message: "expected \"\(PathDocument.schema)\", found \"\(schema)\": not a defuse path file")
        }
        let version = try r.string(top, "defuse", "")
        let created = try r.time(top, "created", "")
        let lang = try r.string(top, "lang", "")
        guard LanguageCode.isValid(lang) else { throw PathDocumentError(path: "lang", message: "'\(lang)' is not a language code") }
        var trees: [TreeInfo] = []
        for (i, item) in try r.array(top, "trees", "").enumerated() {
            let at = "trees[\(i)]"
            let o = try r.object(item, at)
            let id = try r.id(o, "id", at)
            guard !trees.contains(where: { $0.id == id }) else {
                throw PathDocumentError(path: at + ".id", message: "tree '\(id)' is listed twice")
            }
            trees.append(TreeInfo(id: id, title: try r.string(o, "title", at), file: try r.string(o, "file", at),
                                  hash: try r.string(o, "hash", at), lang: try r.string(o, "lang", at)))
        }
        let outcome = try r.optionalString(top, "outcome", "")
        let stepItems = try r.array(top, "steps", "")
        guard !stepItems.isEmpty else { throw PathDocumentError(path: "steps", message: "expected at least one step") }
        let steps = try decodeSteps(stepItems, at: "steps", isWalk: true, trees: trees)
        return PathDocument(defuse: version, created: created, lang: lang, trees: trees, outcome: outcome, steps: steps)
    }

    /// A list of steps (the walk, or a branch tried from a step; branches
    /// nest) at JSON path `at`. In each list, choices must chain: a step
    /// reached by a choice follows a step that took it; only the first step
    /// of a branch may be reached by a choice of the step it was tried from.
    static func decodeSteps(_ items: [JSON], at list: String, isWalk: Bool, trees: [TreeInfo]) throws(PathDocumentError) -> [PathStep] {
        let r = JSONReader()
        var steps: [PathStep] = []
        steps.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let at = "\(list)[\(i)]"
            let o = try r.object(item, at)
            let tree = try r.id(o, "tree", at)
            guard trees.contains(where: { $0.id == tree }) else {
                throw PathDocumentError(path: at + ".tree", message: "tree '\(tree)' is not listed in 'trees'")
            }
            let node = try r.id(o, "node", at)
            let arrivalText = try r.string(o, "arrival", at)
            guard let arrival = Arrival.Kind(rawValue: arrivalText) else {
                throw PathDocumentError(path: at + ".arrival", message: "expected one of open, choice, goto, restart; found \"\(arrivalText)\"")
            }
            if isWalk && i == 0 && arrival == .choice {
                throw PathDocumentError(path: at + ".arrival", message: "the first step cannot be reached by a choice")
            }
            let intensity = try r.optionalInt(o, "intensity", at, in: Intensity.range)
            var phrases: [String] = []
            for (k, p) in try r.array(o, "phrases", at).enumerated() {
                guard case .string(let s) = p else { throw PathDocumentError(path: "\(at).phrases[\(k)]", message: "expected a string") }
                phrases.append(s)
            }
            let annotations = try StepAnnotations(decoding: o, at: at)
            var drill = false
            if let value = r.member(o, "drill"), value != .null {
                guard case .bool(let b) = value else {
                    throw PathDocumentError(path: at + ".drill", message: "expected true or false, found \(r.describe(value))")
                }
                drill = b
            }
            var taken: Taken?
            guard let takenValue = r.member(o, "taken") else {
                throw PathDocumentError(path: at + ".taken", message: "missing (null when no choice was taken)")
            }
            if takenValue != .null {
                let tat = at + ".taken"
                let to = try r.object(takenValue, tat)
                let target = try r.string(to, "target", tat)
                let parts = TargetName(parsing: target)
                guard let tt = parts.tree, let tn = parts.node, Identifier.isValid(tt), Identifier.isValid(tn) else {
                    throw PathDocumentError(path: tat + ".target", message: "expected 'tree#node', found \"\(target)\"")
                }
                taken = Taken(label: try r.string(to, "label", tat), target: target)
            }
            var undone: [[PathStep]] = []
            if let value = r.member(o, "undone"), value != .null {
                guard case .array(let branches) = value else {
                    throw PathDocumentError(path: at + ".undone", message: "expected an array of branches, found \(r.describe(value))")
                }
                for (b, branch) in branches.enumerated() {
                    let bat = "\(at).undone[\(b)]"
                    guard case .array(let branchItems) = branch, !branchItems.isEmpty else {
                        throw PathDocumentError(path: bat, message: "expected a branch: an array of at least one step")
                    }
                    undone.append(try decodeSteps(branchItems, at: bat, isWalk: false, trees: trees))
                }
            }
            steps.append(PathStep(tree: tree, node: node, title: try r.string(o, "title", at), time: try r.time(o, "time", at),
                                  arrival: arrival, intensity: intensity, phrases: phrases, annotations: annotations,
                                  drill: drill, taken: taken, undone: undone))
        }
        for i in steps.indices {
            let taken = steps[i].taken
            let next = i + 1 < steps.count ? steps[i + 1] : nil
            if let taken {
                guard let next else {
                    throw PathDocumentError(path: "\(list)[\(i)].taken", message: "the last step cannot have a choice taken (it should be null)")
                }
                guard next.arrival == .choice else {
                    throw PathDocumentError(path: "\(list)[\(i)].taken", message: "a choice was taken but \(list)[\(i + 1)] was reached by '\(next.arrival.rawValue)'")
                }
                guard taken.target == next.ref else {
                    throw PathDocumentError(path: "\(list)[\(i)].taken.target",
                                            message: "leads to '\(taken.target)' but \(list)[\(i + 1)] is '\(next.ref)'")
                }
            } else if let next, next.arrival == .choice {
                throw PathDocumentError(path: "\(list)[\(i)].taken", message: "is null but \(list)[\(i + 1)] was reached by a choice")
            }
        }
        return steps
    }
}
