/// What a workshop's saved paths add up to, for the whole set and per tree:
/// sessions and steps, the outcomes reached, how many sessions passed each
/// node and took each choice (`CoverageTally`, counted as `defuse coverage`
/// counts), the branches nobody tried and the nearest ones to start from,
/// where walks stopped, went back or stayed longest, the customer's
/// intensity across sessions, drill results by node, every note by node,
/// and the sessions made with an older version of a tree (their replay
/// drift). Values only: `ReportExporter` renders them.
///
/// Built one path at a time (`Builder`), so a folder of ten thousand paths
/// never has to be in memory at once; every figure is linear in the steps.
public struct WorkshopReport: Sendable {
    /// One saved path: a trainee's or a group's session.
    public struct SessionEntry: Sendable {
        /// The file it was read from, as given.
        public var name: String
        public var created: Timestamp
        public var lang: String
        /// Steps of the walk.
        public var steps: Int
        /// Steps in branches tried and undone.
        public var triedSteps: Int
        /// The saved outcome; nil when the walk did not reach an end.
        public var outcome: String?
        /// The trees it passed through (`trees` of the path file).
        public var trees: [String]
        /// `tree#node` of the walk's last step.
        public var end: String
        /// Trees whose file differs from the one the path was made with.
        public var changedTrees: [String]
        /// What replaying the path against the trees now finds.
        public var drifts: [Replay.Drift]
        /// Steps or choices that no longer fit the trees, left out of the counts.
        public var warnings: [String]

        /// Made with another version of a tree, or drifting from the trees now.
        public var isOlder: Bool { !changedTrees.isEmpty || !drifts.isEmpty }
    }

    /// How many sessions had an outcome (nil: not finished).
    public struct OutcomeCount: Hashable, Sendable {
        public var outcome: String?
        public var sessions: Int

        public init(outcome: String?, sessions: Int) {
            self.outcome = outcome
            self.sessions = sessions
        }
    }

    /// Intensities summed up: how many steps had one, their median and range.
    public struct IntensitySpread: Hashable, Sendable {
        public var steps: Int
        public var median: Double
        public var min: Int
        public var max: Int

        public init(steps: Int, median: Double, min: Int, max: Int) {
            self.steps = steps
            self.median = median
            self.min = min
            self.max = max
        }

        /// From how many steps had each intensity (index 0 to 5); nil when none had one.
        init?(counts: ArraySlice<Int>) {
            let n = counts.reduce(0, +)
            guard n > 0 else { return nil }
            /// The intensity at sorted position `k` (0-based).
            func value(at k: Int) -> Int {
                var seen = 0
                for (v, c) in counts.enumerated() {
                    seen += c
                    if k < seen { return v }
                }
                return counts.count - 1
            }
            self.init(steps: n, median: Double(value(at: (n - 1) / 2) + value(at: n / 2)) / 2,
                      min: value(at: 0), max: value(at: n - 1))
        }
    }

    /// The intensity at one step index of the walk, across the sessions
    /// that have a step there with an intensity.
    public struct IntensityPoint: Hashable, Sendable {
        /// 1-based.
        public var step: Int
        public var sessions: Int
        public var median: Double
        public var min: Int
        public var max: Int

        public init(step: Int, sessions: Int, median: Double, min: Int, max: Int) {
            self.step = step
            self.sessions = sessions
            self.median = median
            self.min = min
            self.max = max
        }
    }

    /// Words a trainee said at a step.
    public struct Answer: Sendable {
        /// Index into `sessions`.
        public var session: Int
        /// `step 4`, or `tried from step 4`.
        public var place: String
        public var said: Said
        public var rating: Int?
    }

    /// Drill results at one node, over every session.
    public struct NodeDrill: Sendable {
        /// `tree#node`.
        public var ref: String
        /// The node now; nil when it is no longer in the trees.
        public var node: NodeRef?
        public var title: String
        /// Steps reached in drill mode at the node (the trainee's turns).
        public var turns: Int
        /// Turns moved on from without saying anything.
        public var notDrilled: Int
        public var answers: [Answer]
        public var averageRating: Double?
        /// The median seconds from arriving to saying it.
        public var medianSeconds: Double?
    }

    /// A note taken at a step.
    public struct NoteEntry: Sendable {
        public var session: Int
        public var place: String
        public var note: Note
    }

    /// Every note taken at one node.
    public struct NodeNotes: Sendable {
        public var ref: String
        public var node: NodeRef?
        public var title: String
        public var notes: [NoteEntry]
    }

    /// Where walks stopped before an end, went back, or stayed long.
    public struct Stay: Hashable, Sendable {
        public var node: NodeRef
        /// Sessions whose walk stopped here without reaching an end.
        public var stopped: Int
        /// Sessions that tried a branch from here and went back.
        public var wentBack: Int
        /// The median seconds a walk stayed here before its next step.
        public var medianSeconds: Double?

        public init(node: NodeRef, stopped: Int, wentBack: Int, medianSeconds: Double?) {
            self.node = node
            self.stopped = stopped
            self.wentBack = wentBack
            self.medianSeconds = medianSeconds
        }
    }

    /// The figures of one tree someone walked.
    public struct TreePart: Sendable {
        public var tree: Int
        /// Sessions that visited a node of the tree (in their walk or a branch).
        public var sessions: Int
        /// Steps of the walks in the tree.
        public var steps: Int
        public var coverage: TreeCoverage
        /// The outcomes of the sessions whose walk ended in this tree.
        public var ended: [OutcomeCount]
        /// The nearest untried branches from the tree's start, with the way there.
        public var next: [CoverageData.UntriedBranch]
        /// Nodes where walks stopped or went back, most first.
        public var stuck: [Stay]
        /// The nodes walks stayed at longest (median), longest first.
        public var longestStays: [Stay]
        /// The intensity over the walks' steps in this tree; nil when none has one.
        public var intensity: IntensitySpread?
    }

    public var sessions: [SessionEntry] = []
    /// Steps of all the walks (as `defuse coverage` counts them).
    public var steps = 0
    /// Steps in branches tried and undone.
    public var triedSteps = 0
    /// Over all sessions, most first; not finished last.
    public var outcomes: [OutcomeCount] = []
    /// Trees someone walked, the most walked first (ties in the library's order).
    public var trees: [TreePart] = []
    /// Trees no one walked.
    public var notWalked: [Int] = []
    /// The sums over every tree.
    public var total = TreeCoverage(tree: -1)
    public var intensity: [IntensityPoint] = []
    /// Drill turns over all sessions, and how many had words said.
    public var turns = 0
    public var drilledTurns = 0
    /// Every answer's rating, averaged.
    public var averageRating: Double?
    public var answers = 0
    /// Nodes with drill turns or answers, in the trees' order (nodes no longer
    /// in the trees last).
    public var drill: [NodeDrill] = []
    public var notes: [NodeNotes] = []
    /// How many sessions passed each node and took each choice.
    public var tally = CoverageTally()

    /// The nodes slowest to answer at (median seconds), slowest first.
    public func slowest(_ n: Int = 3) -> [NodeDrill] {
        Array(drill.filter { $0.medianSeconds != nil }
            .sorted { ($0.medianSeconds ?? 0) > ($1.medianSeconds ?? 0) }.prefix(n))
    }

    /// The nodes with the lowest average rating, lowest first.
    public func lowestRated(_ n: Int = 3) -> [NodeDrill] {
        Array(drill.filter { $0.averageRating != nil }
            .sorted { ($0.averageRating ?? 0) < ($1.averageRating ?? 0) }.prefix(n))
    }

    /// The sessions made with an older version of a tree, or that drift.
    public var olderSessions: [Int] { sessions.indices.filter { sessions[$0].isOlder } }

    /// The part of tree `t`, if someone walked it.
    public func part(_ t: Int) -> TreePart? { trees.first { $0.tree == t } }

    /// The median of `values` (the mean of the middle two for an even count).
    public static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let mid = s.count / 2
        return s.count % 2 == 1 ? Double(s[mid]) : (Double(s[mid - 1]) + Double(s[mid])) / 2
    }

    /// Adds the saved paths one at a time, then `finish`es the report.
    public struct Builder {
        public let library: Library
        var report = WorkshopReport()
        var treeSessions: [Int]
        var treeSteps: [Int]
        var outcomes: [String?: Int] = [:]
        var ended: [[String?: Int]]
        /// Per step index, how many sessions had each intensity there (0 to
        /// 5): six counts a step index, one flat array.
        var intensity: [Int] = []
        /// Per tree, how many of the walks' steps there had each intensity: six counts a tree.
        var treeIntensity: [Int]
        var stopped: [NodeRef: Int] = [:]
        var wentBack: [NodeRef: Int] = [:]
        var stays: [NodeRef: [Int]] = [:]
        var drill: [String: NodeDrill] = [:]
        var drillSeconds: [String: [Int]] = [:]
        var notes: [String: NodeNotes] = [:]
        /// Refs no longer in the trees, in order of first sight.
        var goneRefs: [String] = []

        public init(library: Library) {
            self.library = library
            treeSessions = Array(repeating: 0, count: library.trees.count)
            treeSteps = treeSessions
            treeIntensity = Array(repeating: 0, count: library.trees.count * Intensity.range.count)
            ended = Array(repeating: [:], count: library.trees.count)
        }

        /// Adds one saved path, read from `name`.
        public mutating func add(_ doc: PathDocument, name: String) {
            let index = report.sessions.count
            let (data, warnings) = report.tally.add(doc, library: library)
            var trees = Set<Int32>()
            for ref in data.visitedNodes { trees.insert(ref.tree) }
            for t in trees { treeSessions[Int(t)] += 1 }

            let refs = doc.steps.map { library.ref(tree: $0.tree, node: $0.node) }
            for ref in refs { if let ref { treeSteps[Int(ref.tree)] += 1 } }
            outcomes[doc.outcome, default: 0] += 1
            if let last = refs.last ?? nil {
                ended[Int(last.tree)][doc.outcome, default: 0] += 1
                if doc.outcome == nil { stopped[last, default: 0] += 1 }
            }
            for i in doc.steps.indices {
                if let v = doc.steps[i].intensity, Intensity.range.contains(v) {
                    let levels = Intensity.range.count
                    if intensity.count < (i + 1) * levels {
                        intensity.append(contentsOf: repeatElement(0, count: (i + 1) * levels - intensity.count))
                    }
                    intensity[i * levels + v] += 1
                    if let ref = refs[i] { treeIntensity[Int(ref.tree) * levels + v] += 1 }
                }
                if i + 1 < doc.steps.count, let ref = refs[i] {
                    let seconds = doc.steps[i + 1].time.seconds - doc.steps[i].time.seconds
                    if seconds >= 0 && seconds <= Int64(Int32.max) { stays[ref, default: []].append(Int(seconds)) }
                }
            }

            var backFrom = Set<NodeRef>()
            var all = 0
            for (_, top, inBranch, step) in doc.allSteps {
                all += 1
                let ref = library.ref(tree: step.tree, node: step.node)
                if !step.undone.isEmpty, let ref { backFrom.insert(ref) }
                guard !step.notes.isEmpty else { continue }
                let key = step.ref
                if notes[key] == nil {
                    notes[key] = NodeNotes(ref: key, node: ref, title: title(ref, saved: step.title), notes: [])
                    if ref == nil { goneRefs.append(key) }
                }
                let place = PathDocument.place(walkStep: top, inBranch: inBranch)
                for note in step.notes { notes[key]!.notes.append(NoteEntry(session: index, place: place, note: note)) }
            }
            for ref in backFrom { wentBack[ref, default: 0] += 1 }

            let summary = DrillSummary(doc)
            report.turns += summary.turns.count
            report.drilledTurns += summary.turns.count - summary.notDrilled.count
            for turn in summary.turns {
                open(turn.step)
                drill[turn.step.ref]!.turns += 1
                if turn.step.annotations.said == nil { drill[turn.step.ref]!.notDrilled += 1 }
            }
            for answer in summary.answers {
                guard let said = answer.step.annotations.said else { continue }
                open(answer.step)
                drill[answer.step.ref]!.answers.append(Answer(session: index, place: answer.place, said: said,
                                                              rating: answer.step.annotations.rating))
                if let s = said.seconds { drillSeconds[answer.step.ref, default: []].append(s) }
            }

            let replay = Replay.run(doc, library: library)
            report.sessions.append(SessionEntry(
                name: name, created: doc.created, lang: doc.lang, steps: doc.steps.count, triedSteps: all - doc.steps.count,
                outcome: doc.outcome, trees: doc.trees.map(\.id), end: doc.steps.last?.ref ?? "",
                changedTrees: replay.changedTrees, drifts: replay.drifts, warnings: warnings))
            report.steps += doc.steps.count
            report.triedSteps += all - doc.steps.count
        }

        /// The title a node is listed under: its own (in its tree's language), or as saved when it is gone.
        func title(_ ref: NodeRef?, saved: String) -> String {
            ref.map { library.node($0).title } ?? saved
        }

        /// Starts the drill entry of `step`'s node.
        mutating func open(_ step: PathDocument.PathStep) {
            guard drill[step.ref] == nil else { return }
            let ref = library.ref(tree: step.tree, node: step.node)
            drill[step.ref] = NodeDrill(ref: step.ref, node: ref, title: title(ref, saved: step.title), turns: 0,
                                        notDrilled: 0, answers: [])
            if ref == nil && !goneRefs.contains(step.ref) { goneRefs.append(step.ref) }
        }

        /// The report of every path added.
        public func finish() -> WorkshopReport {
            var r = report
            r.outcomes = Self.sorted(outcomes)
            let union = r.tally.union
            var all: [TreeCoverage] = []
            for t in library.trees.indices {
                let coverage = union.coverage(of: t, in: library)
                all.append(coverage)
                guard treeSessions[t] > 0 else {
                    r.notWalked.append(t)
                    continue
                }
                let next = library.start(of: t).map { union.nearestUntriedRoutes(from: $0, in: library, limit: 3) } ?? []
                var here: [Stay] = []
                for n in library.trees[t].nodes.indices {
                    let ref = NodeRef(tree: t, node: n)
                    let stay = Stay(node: ref, stopped: stopped[ref] ?? 0, wentBack: wentBack[ref] ?? 0,
                                    medianSeconds: stays[ref].flatMap { WorkshopReport.median($0) })
                    if stay.stopped > 0 || stay.wentBack > 0 || stay.medianSeconds != nil { here.append(stay) }
                }
                // Stable sorts: ties keep the tree's order.
                let stuck = here.filter { $0.stopped > 0 || $0.wentBack > 0 }
                    .enumerated().sorted { a, b in
                        let x = a.element.stopped + a.element.wentBack, y = b.element.stopped + b.element.wentBack
                        return x != y ? x > y : a.offset < b.offset
                    }.map(\.element)
                let longest = here.filter { $0.medianSeconds != nil }
                    .enumerated().sorted { a, b in
                        let x = a.element.medianSeconds!, y = b.element.medianSeconds!
                        return x != y ? x > y : a.offset < b.offset
                    }.prefix(3).map(\.element)
                let levels = Intensity.range.count
                r.trees.append(TreePart(tree: t, sessions: treeSessions[t], steps: treeSteps[t], coverage: coverage,
                                        ended: Self.sorted(ended[t]), next: next, stuck: stuck, longestStays: Array(longest),
                                        intensity: IntensitySpread(counts: treeIntensity[(t * levels)..<((t + 1) * levels)])))
            }
            // The most walked trees first; ties in the library's order.
            r.trees = r.trees.enumerated().sorted { a, b in
                a.element.sessions != b.element.sessions ? a.element.sessions > b.element.sessions : a.offset < b.offset
            }.map(\.element)
            r.total = TreeCoverage.total(all)
            let levels = Intensity.range.count
            for i in 0..<(intensity.count / levels) {
                guard let spread = IntensitySpread(counts: intensity[(i * levels)..<((i + 1) * levels)]) else { continue }
                r.intensity.append(IntensityPoint(step: i + 1, sessions: spread.steps, median: spread.median,
                                                  min: spread.min, max: spread.max))
            }
            var ratings: [Int] = []
            let order = ordered(Array(drill.keys))
            for key in order {
                var d = drill[key]!
                let rated = d.answers.compactMap(\.rating)
                ratings += rated
                d.averageRating = rated.isEmpty ? nil : Double(rated.reduce(0, +)) / Double(rated.count)
                d.medianSeconds = drillSeconds[key].flatMap { WorkshopReport.median($0) }
                r.answers += d.answers.count
                r.drill.append(d)
            }
            r.averageRating = ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
            r.notes = ordered(Array(notes.keys)).map { notes[$0]! }
            return r
        }

        /// `tree#node` refs in the trees' order; those no longer in the trees last, in order of first sight.
        func ordered(_ keys: [String]) -> [String] {
            var known: [(NodeRef, String)] = []
            var gone = Set<String>()
            for key in keys {
                let target = TargetName(parsing: key)
                if let t = target.tree, let n = target.node, let ref = library.ref(tree: t, node: n) {
                    known.append((ref, key))
                } else {
                    gone.insert(key)
                }
            }
            return known.sorted { $0.0 < $1.0 }.map(\.1) + goneRefs.filter { gone.contains($0) }
        }

        /// Outcome counts, most first, then by name; not finished last.
        static func sorted(_ counts: [String?: Int]) -> [OutcomeCount] {
            counts.map { OutcomeCount(outcome: $0.key, sessions: $0.value) }.sorted { a, b in
                if (a.outcome == nil) != (b.outcome == nil) { return b.outcome == nil }
                if a.sessions != b.sessions { return a.sessions > b.sessions }
                return (a.outcome ?? "") < (b.outcome ?? "")
            }
        }
    }
}
