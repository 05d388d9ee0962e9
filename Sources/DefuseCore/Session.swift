/// A note attached to one step of a walk.
public struct Note: Hashable, Sendable {
    public var text: String
    public var time: Timestamp

    public init(text: String, time: Timestamp) {
        self.text = text
        self.time = time
    }
}

/// How a step was reached.
public enum Arrival: Hashable, Sendable {
    /// The tree was opened at its start.
    case open
    /// Choice `index` (0-based) of the previous step was taken.
    case choice(Int)
    /// `goto` jumped here.
    case goto
    /// `restart` went back to the tree's start.
    case restart
}

/// One step of a walk: where, how, when, and the notes taken there.
public struct Step: Hashable, Sendable {
    public var node: NodeRef
    public var arrival: Arrival
    public var time: Timestamp
    public var notes: [Note] = []

    public init(node: NodeRef, arrival: Arrival, time: Timestamp, notes: [Note] = []) {
        self.node = node
        self.arrival = arrival
        self.time = time
        self.notes = notes
    }
}

/// A choice of a node: used for coverage.
public struct ChoiceRef: Hashable, Sendable {
    public var node: NodeRef
    public var index: Int32

    public init(node: NodeRef, index: Int) {
        self.node = node
        self.index = Int32(index)
    }
}

/// Why a session command could not be done. The message is for people;
/// `candidates` lists what could have been meant.
public struct SessionError: Error, Hashable, Sendable {
    public var message: String
    public var candidates: [String]

    public init(_ message: String, candidates: [String] = []) {
        self.message = message
        self.candidates = candidates
    }
}

/// What typed words of a label matched.
public enum ChoiceMatch: Hashable, Sendable {
    case one(Int)
    case ambiguous([Int])
    case none
}

/// A search result: a node and the text that matched.
public struct SearchHit: Hashable, Sendable {
    public var node: NodeRef
    public var field: String
    public var text: String
}

/// A walk through the library: the core of the REPL, with no terminal I/O.
/// Every step costs O(1) in the size of the trees.
public struct Session: Sendable {
    public let library: Library
    /// The path: the last step is where the session is.
    public private(set) var steps: [Step] = []
    /// The language to show (nil: each tree's own).
    public private(set) var lang: String?
    /// Workshop mode: phrases stay hidden until `reveal`.
    public var quiz = false
    /// Whether the current step's phrases were revealed in quiz mode.
    public private(set) var revealed = false
    /// Coverage: every node and choice visited in this session.
    public private(set) var visitedNodes: Set<NodeRef> = []
    public private(set) var takenChoices: Set<ChoiceRef> = []
    public var clock: @Sendable () -> Timestamp

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

    public var phrasesHidden: Bool { quiz && !revealed }

    // MARK: Moving

    mutating func move(to ref: NodeRef, _ arrival: Arrival) {
        if case .choice(let i) = arrival, let from = current {
            takenChoices.insert(ChoiceRef(node: from, index: i))
        }
        steps.append(Step(node: ref, arrival: arrival, time: clock()))
        visitedNodes.insert(ref)
        revealed = false
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

    /// Undoes the last `count` moves (never the first step). Returns how
    /// many were undone and the notes that went with them.
    public mutating func back(_ count: Int = 1) throws(SessionError) -> (undone: Int, droppedNotes: [Note]) {
        guard count >= 1 else { throw SessionError("back takes a positive number of steps") }
        guard steps.count > 1 else {
            throw SessionError(steps.isEmpty ? "nothing to go back to: no tree is open" : "nothing to go back to: this is where the walk began")
        }
        let n = min(count, steps.count - 1)
        var dropped: [Note] = []
        for _ in 0..<n {
            dropped += steps.removeLast().notes
        }
        revealed = false
        return (n, dropped)
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
        guard !steps.isEmpty else { throw SessionError("no tree is open: open a tree, then take notes on its steps") }
        steps[steps.count - 1].notes.append(Note(text: String(t), time: clock()))
    }

    /// Shows every tree in `code` from now on (nil or the source language: the source).
    public mutating func setLang(_ code: String?) throws(SessionError) {
        guard let code else { lang = nil; return }
        let all = library.languages
        guard all.contains(code) else {
            var message = "no trees in language '\(code)'"
            if all.count > 0 { message += " (available: \(all.joined(separator: ", ")))" }
            throw SessionError(message, candidates: all)
        }
        lang = code
    }

    public mutating func setQuiz(_ on: Bool) {
        quiz = on
        revealed = false
    }

    public mutating func reveal() throws(SessionError) {
        guard quiz else { throw SessionError("quiz mode is off: phrases are already shown ('quiz on' hides them)") }
        guard current != nil else { throw SessionError("no tree is open") }
        revealed = true
    }

    /// Replaces the walk (used when a saved path is loaded or a session resumed).
    public mutating func restore(steps: [Step], lang: String?) {
        self.steps = steps
        self.lang = lang
        revealed = false
        for (i, step) in steps.enumerated() {
            visitedNodes.insert(step.node)
            if i > 0, case .choice(let c) = step.arrival {
                takenChoices.insert(ChoiceRef(node: steps[i - 1].node, index: c))
            }
        }
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
