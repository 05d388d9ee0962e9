/// Walks a saved path again against the trees as they are now and reports
/// exactly what drifted: a tree or node gone, a choice retargeted,
/// relabelled or gone, a text changed; in the walk and in every branch tried
/// and undone. Drifts are values, all of them at once.
public enum Replay {
    public struct Drift: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Hashable, Sendable {
            case treeGone = "tree-gone"
            case nodeGone = "node-gone"
            case choiceGone = "choice-gone"
            case choiceRetargeted = "choice-retargeted"
            case choiceRelabelled = "choice-relabelled"
            case textChanged = "text-changed"
            case langMissing = "lang-missing"
        }

        /// The step of the walk (0-based) the drift is at, or under (for a
        /// branch tried from it); nil for the path as a whole.
        public var step: Int?
        /// The step's JSON path: `steps[3]`, or `steps[3].undone[0][1]` in a branch.
        public var path: String?
        /// `tree#node` of the step.
        public var ref: String
        public var kind: Kind
        public var message: String

        public init(step: Int?, path: String?, ref: String, kind: Kind, message: String) {
            self.step = step
            self.path = path
            self.ref = ref
            self.kind = kind
            self.message = message
        }

        public var description: String {
            (path.map { "\($0) \(ref): " } ?? "") + message
        }
    }

    public struct Result: Sendable {
        public var drifts: [Drift] = []
        /// Things worth knowing that are not drift (a tree's file changed elsewhere).
        public var remarks: [String] = []
        /// The trees (ids) whose file differs from the one the path was made
        /// with (by `hash`): the path was made with an older (or other) version.
        public var changedTrees: [String] = []
        /// The walk as session steps, with its branches, when every node of
        /// the walk still exists (a branch whose node is gone is left out). A
        /// move whose choice no longer leads there becomes a `goto`.
        public var steps: [Step]?
        public var clean: Bool { drifts.isEmpty }
    }

    public static func run(_ doc: PathDocument, library: Library) -> Result {
        var replay = Replayer(doc: doc, library: library)
        return replay.run()
    }
}

/// One replay: the document, the trees, and what was found so far.
private struct Replayer {
    let doc: PathDocument
    let library: Library
    let lang: String?
    var result = Replay.Result()
    var reportedTrees = Set<String>()

    init(doc: PathDocument, library: Library) {
        self.doc = doc
        self.library = library
        lang = library.languages.contains(doc.lang) ? doc.lang : nil
    }

    mutating func run() -> Replay.Result {
        if lang == nil {
            result.drifts.append(Replay.Drift(step: nil, path: nil, ref: "", kind: .langMissing,
                                              message: "language '\(doc.lang)' is not loaded; texts were compared in each tree's own language"))
        }
        for info in doc.trees {
            guard let t = library.tree(info.id) else { continue }
            let shown = lang.flatMap { library.translation(of: library.treeIndex[info.id]!, lang: $0) } ?? t
            if shown.contentHash != info.hash && t.contentHash != info.hash {
                result.remarks.append("tree '\(info.id)' has changed since the path was saved (\(shown.file))")
                result.changedTrees.append(info.id)
            }
        }
        result.steps = replay(doc.steps, at: "steps", from: nil, top: nil)
        return result
    }

    /// Replays one list of steps (the walk, or a branch tried from the step
    /// at `from`); the session steps, or nil when a node of the list is gone.
    mutating func replay(_ list: [PathDocument.PathStep], at path: String, from parent: NodeRef?, top: Int?) -> [Step]? {
        var steps: [Step] = []
        var complete = true
        for (i, step) in list.enumerated() {
            let at = "\(path)[\(i)]"
            let topIndex = top ?? i
            func drift(_ kind: Replay.Drift.Kind, _ message: String) {
                result.drifts.append(Replay.Drift(step: topIndex, path: at, ref: step.ref, kind: kind, message: message))
            }
            guard let t = library.treeIndex[step.tree] else {
                let again = !reportedTrees.insert(step.tree).inserted
                drift(.treeGone, "tree '\(step.tree)' is not loaded" + (again ? " (see above)" : ""))
                complete = false
                continue
            }
            guard let n = library.trees[t].nodeIndex[step.node] else {
                var message = "node '\(step.node)' is gone from tree '\(step.tree)'"
                if let near = nearest(step.node, in: library.trees[t].nodes.map(\.id)) { message += "; was it renamed to '\(near)'?" }
                drift(.nodeGone, message)
                complete = false
                continue
            }
            let ref = NodeRef(tree: t, node: Int(n))
            let shown = library.node(ref, lang: lang)
            let source = library.node(ref)
            if shown.title != step.title {
                drift(.textChanged, "title changed: \"\(step.title)\" is now \"\(shown.title)\"")
            }
            let phrases = shown.phrases.map(\.text)
            if phrases != step.phrases {
                let k = (0..<min(phrases.count, step.phrases.count)).first { phrases[$0] != step.phrases[$0] } ?? min(phrases.count, step.phrases.count)
                if k < phrases.count && k < step.phrases.count {
                    drift(.textChanged, "phrase \(k + 1) changed: \"\(step.phrases[k])\" is now \"\(phrases[k])\"")
                } else if k < step.phrases.count {
                    drift(.textChanged, "phrase \(k + 1) is gone: \"\(step.phrases[k])\"")
                } else {
                    drift(.textChanged, "phrase \(k + 1) is new: \"\(phrases[k])\"")
                }
            }
            // How this step was reached: by a choice of the step before it
            // (in its list, or for a branch's first step, the step it was
            // tried from) that still leads here, or else it counts as a jump.
            var arrival: Arrival
            switch step.arrival {
            case .open: arrival = .open
            case .goto, .choice: arrival = .goto
            case .restart: arrival = .restart
            }
            let previous = i == 0 ? parent
                : steps.last.flatMap { $0.node == library.ref(tree: list[i - 1].tree, node: list[i - 1].node) ? $0.node : nil }
            if step.arrival == .choice, let previous, i == 0 || list[i - 1].taken != nil {
                let from = library.node(previous)
                if let c = from.choices.indices.first(where: { from.choices[$0].resolved == ref }) { arrival = .choice(c) }
            }
            var branches: [[Step]] = []
            for (b, branch) in step.undone.enumerated() {
                if let replayed = replay(branch, at: "\(at).undone[\(b)]", from: ref, top: topIndex) { branches.append(replayed) }
            }
            steps.append(Step(node: ref, arrival: arrival, time: step.time, annotations: step.annotations,
                              drill: step.drill, undone: branches))
            // The choice taken from here.
            guard let taken = step.taken else { continue }
            var labels: [String] = []
            var targets: [String] = []
            for (c, choice) in source.choices.enumerated() {
                labels.append(c < shown.choices.count ? shown.choices[c].label : choice.label)
                targets.append(choice.resolved.map { library.address(of: $0) } ?? choice.target.description)
            }
            if labels.indices.contains(where: { labels[$0] == taken.label && targets[$0] == taken.target }) { continue }
            if let c = labels.indices.first(where: { labels[$0] == taken.label }) {
                drift(.choiceRetargeted, "choice \"\(taken.label)\" now leads to '\(targets[c])', not '\(taken.target)'")
            } else if let c = targets.indices.first(where: { targets[$0] == taken.target }) {
                drift(.choiceRelabelled, "choice to '\(taken.target)' was relabelled: \"\(taken.label)\" is now \"\(labels[c])\"")
            } else {
                drift(.choiceGone, "choice \"\(taken.label)\" → '\(taken.target)' is gone")
            }
        }
        return complete ? steps : nil
    }
}
