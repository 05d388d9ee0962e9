/// A walk through the library: the core of the REPL, with no terminal I/O.
/// Every step costs O(1) in the size of the trees.
///
/// Every change goes through `apply(_:)` as a `SessionEvent`. The commands
/// (`choose`, `back`, `addNote`, ...) check what they are asked, then apply
/// the event that does it; with `recording` on, the events are also kept
/// for the journal (`takeEvents`), which can replay them into a session.
public struct Session: Sendable {
    public let library: Library
    /// The path: the last step is where the session is.
    public private(set) var steps: [Step] = []
    /// The language to show (nil: each tree's own).
    public private(set) var lang: String?
    /// Workshop mode: phrases stay hidden until `reveal`.
    public private(set) var quiz = false
    /// Practice mode: at each node with phrases it is the trainee's turn;
    /// the phrases show once they `say` their words (or `reveal`).
    public private(set) var drill = false
    /// Whether the current step's hidden phrases were shown (`reveal`, or `say` in drill mode).
    public private(set) var revealed = false
    /// Coverage: every node and choice visited in this session.
    public private(set) var visitedNodes: Set<NodeRef> = []
    public private(set) var takenChoices: Set<ChoiceRef> = []
    public var clock: @Sendable () -> Timestamp
    /// Whether applied events are kept for `takeEvents` (a journal is attached).
    public var recording = false
    private var recorded: [SessionEvent] = []
    /// Set while replaying when a step named a node that is gone: what was
    /// added to it has nowhere to go.
    private var lostStep = false

    public init(library: Library, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.library = library
        self.clock = clock
    }

    public var current: NodeRef? { steps.last?.node }

    public var currentTree: Tree? { current.map { library.trees[Int($0.tree)] } }

    /// The node at `ref` in the session's language.
    public func display(_ ref: NodeRef) -> Node {
        library.node(ref, lang: lang)
    }

    /// The tree at `ref` in the session's language (for its title).
    public func displayTree(_ treeIndex: Int) -> Tree {
        if let lang, let t = library.translation(of: treeIndex, lang: lang) { return t }
        return library.trees[treeIndex]
    }

    /// Whether the current node's phrases are hidden: in quiz or drill mode,
    /// until `reveal` (or, in drill mode, `say`). With both on, either shows them.
    /// A drill step already answered shows them, when the walk comes back to it too.
    public var phrasesHidden: Bool {
        (quiz || drill) && !revealed && !(drill && steps.last?.annotations.said != nil)
    }

    // MARK: Events

    /// The events applied since the last call (with `recording` on).
    public mutating func takeEvents() -> [SessionEvent] {
        defer { recorded.removeAll() }
        return recorded
    }

    /// The events that rebuild this session's state from nothing.
    public var snapshot: [SessionEvent] {
        var out: [SessionEvent] = []
        var drillOn = false
        appendEvents(rebuilding: steps, first: true, drill: &drillOn, to: &out)
        if lang != nil { out.append(.lang(lang)) }
        if quiz { out.append(.quiz(true)) }
        if drill != drillOn { out.append(.drill(drill)) }
        if revealed { out.append(.reveal) }
        return out
    }

    /// The events that append `steps`, with their annotations and, after
    /// each, its undone branches (pushed, then taken back with `back`).
    /// `drill` is drill mode as the events so far leave it: a step reached in
    /// the other mode is preceded by the `drill` event that switches to it.
    private func appendEvents(rebuilding steps: [Step], first: Bool, drill: inout Bool, to out: inout [SessionEvent]) {
        for (i, step) in steps.enumerated() {
            if step.drill != drill {
                out.append(.drill(step.drill))
                drill = step.drill
            }
            out.append(event(for: step, first: first && i == 0))
            if step.annotations != StepAnnotations() { out.append(.update(step.annotations)) }
            for branch in step.undone {
                appendEvents(rebuilding: branch, first: false, drill: &drill, to: &out)
                out.append(.back(count: branch.count))
            }
        }
    }

    /// Does what `event` says. A step naming a node that is no longer in the
    /// trees, and what was added to it, are skipped: the problem, for people.
    @discardableResult
    public mutating func apply(_ event: SessionEvent) -> String? {
        if recording { recorded.append(event) }
        switch event {
        case let .step(tree, node, kind, choice, time):
            guard let ref = library.ref(tree: tree, node: node) else {
                lostStep = true
                return "\(TargetName(tree: tree, node: node)) is no longer in the trees: that step was skipped"
            }
            var arrival: Arrival
            switch kind {
            case .open: arrival = .open
            case .goto: arrival = .goto
            case .restart: arrival = .restart
            case .choice:
                // Taken only if that choice of the step before still leads here.
                arrival = .goto
                if let c = choice, let previous = steps.last, !lostStep {
                    let choices = library.node(previous.node).choices
                    if c >= 0 && c < choices.count && choices[c].resolved == ref { arrival = .choice(c) }
                }
                if steps.isEmpty { arrival = .open }
            }
            append(Step(node: ref, arrival: arrival, time: time))
        case .update(let annotations):
            if lostStep || steps.isEmpty { return dropped(annotations.notes) }
            steps[steps.count - 1].annotations = annotations
        case .note(let note):
            if lostStep || steps.isEmpty { return dropped([note]) }
            steps[steps.count - 1].notes.append(note)
        case .back(let count):
            let n = min(count, max(0, steps.count - 1))
            if n > 0 {
                var branch = Array(steps.suffix(n))
                steps.removeLast(n)
                // Going back step by step undoes one walk, not a branch in a
                // branch: a last step whose only branch was just undone from
                // it takes that branch back in line.
                if let last = branch.last, last.undone.count == 1 {
                    let rest = last.undone[0]
                    branch[branch.count - 1].undone = []
                    branch += rest
                }
                steps[steps.count - 1].undone.append(branch)
            }
            revealed = false
        case .reset:
            steps.removeAll()
            revealed = false
            lostStep = false
        case .lang(let code):
            if let code, !library.languages.contains(code) {
                lang = nil
                return "language '\(code)' is not loaded; showing each tree's own"
            }
            lang = code
        case .quiz(let on):
            quiz = on
            revealed = false
        case .drill(let on):
            drill = on
            revealed = false
        case .reveal:
            revealed = true
        }
        return nil
    }

    /// A step to the end of the walk: the one place a walk grows.
    private mutating func append(_ step: Step) {
        if case .choice(let c) = step.arrival, let from = current {
            takenChoices.insert(ChoiceRef(node: from, index: c))
        }
        var step = step
        step.drill = drill
        steps.append(step)
        visitedNodes.insert(step.node)
        revealed = false
        lostStep = false
    }

    private func dropped(_ notes: [Note]) -> String? {
        guard !notes.isEmpty else { return nil }
        return notes.map { "a note on a step that is gone was dropped: \"\($0.text)\"" }.joined(separator: "; ")
    }

    // MARK: Moving

    /// A move the session itself makes: its event (by ids) is kept only
    /// when recording, so a move costs no strings; `append` does the rest,
    /// as it does when the event is replayed.
    private mutating func move(to ref: NodeRef, _ arrival: Arrival) {
        let step = Step(node: ref, arrival: arrival, time: clock())
        if recording { recorded.append(event(for: step, first: steps.isEmpty)) }
        append(step)
    }

    /// The event that makes `step`.
    private func event(for step: Step, first: Bool) -> SessionEvent {
        var choice: Int?
        if case .choice(let c) = step.arrival { choice = c }
        return .step(tree: library.trees[Int(step.node.tree)].id, node: library.node(step.node).id,
                     arrival: first && step.arrival.kind == .choice ? .open : step.arrival.kind,
                     choice: choice, time: step.time)
    }

    /// Opens a tree at its start.
    @discardableResult
    public mutating func open(_ id: String) throws(SessionError) -> NodeRef {
        guard let t = library.treeIndex[id] else { throw unknownTree(id) }
        guard let start = library.start(of: t) else { throw SessionError("tree '\(id)' has no start node") }
        move(to: start, .open)
        return start
    }

    func unknownTree(_ id: String) -> SessionError {
        var message = "no tree '\(id)'"
        let ids = library.trees.map(\.id)
        if let near = nearest(id, in: ids) { message += "; did you mean '\(near)'?" }
        return SessionError(message, candidates: ids)
    }

    /// Takes choice `number` (1-based) of the current node.
    @discardableResult
    public mutating func choose(_ number: Int) throws(SessionError) -> NodeRef {
        guard let here = current else { throw SessionError("no tree is open: 'open TREE' first, or 'trees' to list them") }
        let node = library.node(here)
        if node.isEnd {
            throw SessionError("'\(node.id)' is an end node (outcome: \(node.outcome ?? "none")): 'back', 'restart' or 'open' another tree")
        }
        guard number >= 1 && number <= node.choices.count else {
            throw SessionError("no choice \(number): choose 1 to \(node.choices.count)")
        }
        guard let target = node.choices[number - 1].resolved else {
            throw SessionError("choice \(number) leads nowhere (its target '\(node.choices[number - 1].target)' is broken)")
        }
        move(to: target, .choice(number - 1))
        return target
    }

    /// Which choice typed words name: an exact label, a unique prefix of a
    /// label, or words that each begin a word of the label (any order).
    /// Case- and accent-insensitive, in the shown language and the source's.
    public func match(_ input: String) -> ChoiceMatch {
        guard let here = current else { return .none }
        let source = library.node(here)
        let shown = display(here)
        let query = TextFold.fold(input.trimmingASCIIWhitespace().description)
        let queryWords = TextFold.words(input)
        guard !queryWords.isEmpty else { return .none }
        var labelSets: [[String]] = [source.choices.map(\.label)]
        if shown.choices.count == source.choices.count && shown != source { labelSets.insert(shown.choices.map(\.label), at: 0) }
        for labels in labelSets {
            let folded = labels.map { TextFold.fold($0) }
            let exact = folded.indices.filter { folded[$0] == query }
            if exact.count == 1 { return .one(exact[0]) }
            let prefix = folded.indices.filter { folded[$0].hasPrefix(query) }
            if prefix.count == 1 { return .one(prefix[0]) }
            if prefix.count > 1 { return .ambiguous(prefix) }
            let words = labels.indices.filter { i in
                let lw = TextFold.words(labels[i])
                return queryWords.allSatisfy { q in lw.contains { $0.hasPrefix(q) } }
            }
            if words.count == 1 { return .one(words[0]) }
            if words.count > 1 { return .ambiguous(words) }
        }
        return .none
    }

    /// Undoes the last `count` moves (never the first step). They are kept
    /// as a branch tried from the step the walk goes back to, with their
    /// notes and words. Returns how many were undone.
    @discardableResult
    public mutating func back(_ count: Int = 1) throws(SessionError) -> Int {
        guard count >= 1 else { throw SessionError("back takes a positive number of steps") }
        guard steps.count > 1 else {
            throw SessionError(steps.isEmpty ? "nothing to go back to: no tree is open" : "nothing to go back to: this is where the walk began")
        }
        let n = min(count, steps.count - 1)
        apply(.back(count: n))
        return n
    }

    /// Goes back to the start of the current tree (a step of its own, so `back` undoes it).
    @discardableResult
    public mutating func restart() throws(SessionError) -> NodeRef {
        guard let here = current else { throw SessionError("no tree is open: 'open TREE' first") }
        guard let start = library.start(of: Int(here.tree)) else { throw SessionError("this tree has no start node") }
        move(to: start, .restart)
        return start
    }

    /// Resolves `NODE`, `TREE#NODE` or `TREE` as `goto` reads it.
    public func resolve(_ spec: String) throws(SessionError) -> NodeRef {
        let target = TargetName(parsing: spec)
        if let treeName = target.tree {
            guard let t = library.treeIndex[treeName] else { throw unknownTree(treeName) }
            guard let nodeName = target.node, !nodeName.isEmpty else {
                guard let s = library.start(of: t) else { throw SessionError("tree '\(treeName)' has no start node") }
                return s
            }
            guard let n = library.trees[t].nodeIndex[nodeName] else {
                throw unknownNode(nodeName, in: t)
            }
            return NodeRef(tree: t, node: Int(n))
        }
        let name = target.node ?? ""
        if let here = current, let n = library.trees[Int(here.tree)].nodeIndex[name] {
            return NodeRef(tree: Int(here.tree), node: Int(n))
        }
        if let t = library.treeIndex[name], let s = library.start(of: t) { return s }
        if let here = current { throw unknownNode(name, in: Int(here.tree)) }
        throw unknownTree(name)
    }

    func unknownNode(_ name: String, in t: Int) -> SessionError {
        let tree = library.trees[t]
        var message = "no node '\(name)' in tree '\(tree.id)'"
        let ids = tree.nodes.map(\.id)
        if let near = nearest(name, in: ids) { message += "; did you mean '\(near)'?" }
        return SessionError(message, candidates: Array(ids.prefix(50)))
    }

    @discardableResult
    public mutating func goto(_ spec: String) throws(SessionError) -> NodeRef {
        let ref = try resolve(spec)
        move(to: ref, current == nil ? .open : .goto)
        return ref
    }

    /// Where choice `number` (1-based) leads, without taking it.
    public func peek(_ number: Int) throws(SessionError) -> (choice: Choice, target: NodeRef) {
        guard let here = current else { throw SessionError("no tree is open: 'open TREE' first") }
        let node = library.node(here)
        if node.isEnd { throw SessionError("'\(node.id)' is an end node: there is nothing to peek at") }
        guard number >= 1 && number <= node.choices.count else {
            throw SessionError("no choice \(number): choose 1 to \(node.choices.count)")
        }
        let choice = display(here).choices.count == node.choices.count ? display(here).choices[number - 1] : node.choices[number - 1]
        guard let target = node.choices[number - 1].resolved else {
            throw SessionError("choice \(number) leads nowhere (its target is broken)")
        }
        return (choice, target)
    }

    /// Attaches a note to the current step.
    public mutating func addNote(_ text: String) throws(SessionError) {
        let t = text.trimmingASCIIWhitespace()
        guard !t.isEmpty else { throw SessionError("note needs text: note TEXT") }
        guard var annotations = steps.last?.annotations else {
            throw SessionError("no tree is open: open a tree, then take notes on its steps")
        }
        annotations.notes.append(Note(text: String(t), time: clock()))
        apply(.update(annotations))
    }

    /// Shows every tree in `code` from now on (nil or the source language: the source).
    public mutating func setLang(_ code: String?) throws(SessionError) {
        if let code {
            let all = library.languages
            guard all.contains(code) else {
                var message = "no trees in language '\(code)'"
                if all.count > 0 { message += " (available: \(all.joined(separator: ", ")))" }
                throw SessionError(message, candidates: all)
            }
        }
        if code != lang { apply(.lang(code)) }
    }

    public mutating func setQuiz(_ on: Bool) {
        apply(.quiz(on))
    }

    public mutating func setDrill(_ on: Bool) {
        apply(.drill(on))
    }

    public mutating func reveal() throws(SessionError) {
        guard quiz || drill else {
            throw SessionError("quiz and drill mode are off: phrases are already shown ('quiz on' or 'drill on' hides them)")
        }
        guard current != nil else { throw SessionError("no tree is open") }
        apply(.reveal)
    }

    /// Records what the trainee said at this step: phrase `number` of the
    /// playbook (1-based, as shown), or their own words. In drill mode the
    /// phrases then show beside them.
    @discardableResult
    public mutating func say(_ words: String) throws(SessionError) -> Said {
        let text = words.trimmingASCIIWhitespace()
        guard !text.isEmpty else { throw SessionError("say needs words, or a phrase's number: say TEXT, or say N") }
        guard let here = steps.last else { throw SessionError("no tree is open: open a tree, then say what you would say there") }
        let seconds = max(0, Int(clock().seconds - here.time.seconds))
        var said = Said(text: String(text), seconds: seconds)
        if let number = Int(text) {
            let phrases = display(here.node).phrases
            guard !phrases.isEmpty else {
                throw SessionError("'\(library.node(here.node).id)' has no phrases to pick from: say your own words instead")
            }
            guard number >= 1 && number <= phrases.count else {
                throw SessionError("no phrase \(number): choose 1 to \(phrases.count), or say your own words")
            }
            said = Said(text: phrases[number - 1].text, phrase: number, seconds: seconds)
        }
        var annotations = here.annotations
        annotations.said = said
        annotations.rating = nil
        apply(.update(annotations))
        if drill && !revealed { apply(.reveal) }
        return said
    }

    /// Records how close the trainee judges what they said here to the
    /// playbook's phrases, from 1 (far) to 5 (the same).
    public mutating func rate(_ rating: Int) throws(SessionError) {
        guard StepAnnotations.ratings.contains(rating) else { throw SessionError("rate takes 1 (far from the playbook) to 5 (as the playbook says)") }
        guard var annotations = steps.last?.annotations else { throw SessionError("no tree is open") }
        guard annotations.said != nil else { throw SessionError("nothing said here yet: 'say' your words first, then rate them") }
        annotations.rating = rating
        apply(.update(annotations))
    }

    /// Replaces the walk (a saved path loaded): the same steps, with their
    /// annotations, and the language.
    public mutating func restore(steps newSteps: [Step], lang newLang: String?) {
        let wasDrill = drill
        var events: [SessionEvent] = [.reset]
        var drillOn = drill
        appendEvents(rebuilding: newSteps, first: true, drill: &drillOn, to: &events)
        if drillOn != wasDrill { events.append(.drill(wasDrill)) }
        if newLang != lang { events.append(.lang(newLang)) }
        for event in events { apply(event) }
    }

    // MARK: Search

    /// Nodes whose title, guidance, phrases or choice labels hold every
    /// word of `query` (case- and accent-insensitive), in the shown language.
    public func search(_ query: String, limit: Int = 50) -> [SearchHit] {
        let words = TextFold.words(query)
        guard !words.isEmpty else { return [] }
        var hits: [SearchHit] = []
        for t in library.trees.indices {
            let tree = library.trees[t]
            for n in tree.nodes.indices {
                let ref = NodeRef(tree: t, node: n)
                let node = display(ref)
                var fields: [(String, String)] = [("title", node.title)]
                for g in node.guidance { fields.append(("guidance", g)) }
                for p in node.phrases { fields.append(("phrase", p.text)) }
                for c in node.choices { fields.append(("choice", c.label)) }
                let all = TextFold.fold(fields.map(\.1).joined(separator: " \u{1}"))
                guard words.allSatisfy({ all.contains($0) }) else { continue }
                // Show the field that matched the first word.
                let field = fields.first { TextFold.fold($0.1).contains(words[0]) } ?? fields[0]
                hits.append(SearchHit(node: ref, field: field.0, text: field.1))
                if hits.count >= limit { return hits }
            }
        }
        return hits
    }
}
