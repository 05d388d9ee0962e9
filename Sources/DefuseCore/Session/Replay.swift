/// Walks a saved path again against the trees as they are now and reports
/// exactly what drifted: a tree or node gone, a choice retargeted,
/// relabelled or gone, a text changed. Drifts are values, all of them at once.
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

        /// The step (0-based), or nil for the path as a whole.
        public var step: Int?
        /// `tree#node` of the step.
        public var ref: String
        public var kind: Kind
        public var message: String

        public var description: String {
            (step.map { "steps[\($0)] \(ref): " } ?? "") + message
        }
    }

    public struct Result: Sendable {
        public var drifts: [Drift] = []
        /// Things worth knowing that are not drift (a tree's file changed elsewhere).
        public var remarks: [String] = []
        /// The walk as session steps, when every node still exists. A move
        /// whose choice no longer leads there becomes a `goto`.
        public var steps: [Step]?
        public var clean: Bool { drifts.isEmpty }
    }

    public static func run(_ doc: PathDocument, library: Library) -> Result {
        var result = Result()
        let lang: String? = library.languages.contains(doc.lang) ? doc.lang : nil
        if lang == nil {
            result.drifts.append(Drift(step: nil, ref: "", kind: .langMissing,
                                       message: "language '\(doc.lang)' is not loaded; texts were compared in each tree's own language"))
        }
        for info in doc.trees {
            guard let t = library.tree(info.id) else { continue }
            let shown = lang.flatMap { library.translation(of: library.treeIndex[info.id]!, lang: $0) } ?? t
            if shown.contentHash != info.hash && t.contentHash != info.hash {
                result.remarks.append("tree '\(info.id)' has changed since the path was saved (\(shown.file))")
            }
        }
        var steps: [Step] = []
        var complete = true
        var reportedTrees = Set<String>()
        for (i, step) in doc.steps.enumerated() {
            guard let t = library.treeIndex[step.tree] else {
                if reportedTrees.insert(step.tree).inserted {
                    result.drifts.append(Drift(step: i, ref: step.ref, kind: .treeGone, message: "tree '\(step.tree)' is not loaded"))
                } else {
                    result.drifts.append(Drift(step: i, ref: step.ref, kind: .treeGone, message: "tree '\(step.tree)' is not loaded (see above)"))
                }
                complete = false
                continue
            }
            guard let n = library.trees[t].nodeIndex[step.node] else {
                var message = "node '\(step.node)' is gone from tree '\(step.tree)'"
                if let near = nearest(step.node, in: library.trees[t].nodes.map(\.id)) { message += "; was it renamed to '\(near)'?" }
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .nodeGone, message: message))
                complete = false
                continue
            }
            let ref = NodeRef(tree: t, node: Int(n))
            let shown = library.node(ref, lang: lang)
            let source = library.node(ref)
            if shown.title != step.title {
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .textChanged,
                                           message: "title changed: \"\(step.title)\" is now \"\(shown.title)\""))
            }
            let phrases = shown.phrases.map(\.text)
            if phrases != step.phrases {
                let k = (0..<min(phrases.count, step.phrases.count)).first { phrases[$0] != step.phrases[$0] } ?? min(phrases.count, step.phrases.count)
                let message: String
                if k < phrases.count && k < step.phrases.count {
                    message = "phrase \(k + 1) changed: \"\(step.phrases[k])\" is now \"\(phrases[k])\""
                } else if k < step.phrases.count {
                    message = "phrase \(k + 1) is gone: \"\(step.phrases[k])\""
                } else {
                    message = "phrase \(k + 1) is new: \"\(phrases[k])\""
                }
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .textChanged, message: message))
            }
            // How this step was reached.
            var arrival: Arrival
            switch step.arrival {
            case .open: arrival = .open
            case .goto: arrival = .goto
            case .restart: arrival = .restart
            case .choice: arrival = .goto
            }
            if step.arrival == .choice, let prev = steps.last, i > 0, doc.steps[i - 1].taken != nil,
               prev.node == library.ref(tree: doc.steps[i - 1].tree, node: doc.steps[i - 1].node) {
                let from = library.node(prev.node)
                if let c = from.choices.indices.first(where: { from.choices[$0].resolved == ref }) {
                    arrival = .choice(c)
                }
            }
            steps.append(Step(node: ref, arrival: arrival, time: step.time, annotations: step.annotations))
            // The choice taken from here.
            guard let taken = step.taken else { continue }
            var labels: [String] = []
            var targets: [String] = []
            for (c, choice) in source.choices.enumerated() {
                labels.append(c < shown.choices.count ? shown.choices[c].label : choice.label)
                targets.append(choice.resolved.map { library.address(of: $0) } ?? choice.target.description)
            }
            let both = labels.indices.first { labels[$0] == taken.label && targets[$0] == taken.target }
            if both != nil { continue }
            if let c = labels.indices.first(where: { labels[$0] == taken.label }) {
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .choiceRetargeted,
                                           message: "choice \"\(taken.label)\" now leads to '\(targets[c])', not '\(taken.target)'"))
            } else if let c = targets.indices.first(where: { targets[$0] == taken.target }) {
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .choiceRelabelled,
                                           message: "choice to '\(taken.target)' was relabelled: \"\(taken.label)\" is now \"\(labels[c])\""))
            } else {
                result.drifts.append(Drift(step: i, ref: step.ref, kind: .choiceGone,
                                           message: "choice \"\(taken.label)\" → '\(taken.target)' is gone"))
            }
        }
        if complete {
            // A step reached by a choice that no longer exists counts as a jump.
            result.steps = steps
        }
        return result
    }
}
