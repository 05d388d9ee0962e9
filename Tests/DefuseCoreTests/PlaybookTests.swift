import DefuseCore
import DefuseTestSupport
import Testing

/// The bundled playbook (Trees/) is the product's content: these tests hold
/// it to the rules a facilitator relies on in front of a room.
@Suite struct PlaybookTests {
    static let result = Loader().load(paths: [packageRoot + "/Trees"])
    var library: Library { Self.result.library }

    @Test func checkerIsCleanWithoutWarnings() {
        #expect(Self.result.diagnostics.isEmpty, "\(render(Self.result.diagnostics, relativeTo: packageRoot))")
    }

    @Test func treesAndTranslations() {
        #expect(library.trees.map(\.id).sorted() == ["abusive", "angry", "damaged-book", "missed-comic", "rude"])
        for tree in library.trees {
            #expect(library.translations[tree.id]?.keys.sorted() == ["el", "es", "fi", "nl"], "\(tree.id)")
        }
        for id in ["angry", "rude", "abusive"] {
            let n = library.tree(id)?.nodes.count ?? 0
            #expect((15...40).contains(n), "\(id) has \(n) nodes")
        }
    }

    @Test func everyPlaybookIDIsTaught() throws {
        let sources = try #require(library.sources)
        #expect(sources.techniques.count == 51)
        #expect(Set(sources.techniques.map(\.article)) == ["000", "001", "002", "003", "004"])
        var cited = Set<String>()
        for tree in library.trees {
            for node in tree.nodes {
                #expect(!node.sources.isEmpty, "\(tree.id)#\(node.id) has no source")
                cited.formUnion(node.sources)
            }
        }
        let missing = sources.techniques.map(\.id).filter { !cited.contains($0) }
        #expect(missing.isEmpty, "never cited: \(missing)")
    }

    @Test func everyTreeIsWalkableToEachOfItsOutcomes() {
        let graph = Graph(library)
        for t in library.trees.indices {
            let tree = library.trees[t]
            let start = graph.offsets[t] + Int(tree.startIndex ?? 0)
            let reachable = graph.reachable(from: [start])
            var outcomes = Set<String>()
            var reached = Set<String>()
            for (n, node) in tree.nodes.enumerated() where node.isEnd {
                let outcome = node.outcome ?? "none"
                outcomes.insert(outcome)
                if reachable[graph.offsets[t] + n] { reached.insert(outcome) }
                #expect(["resolved", "escalated", "ended", "safety"].contains(outcome), "\(tree.id)#\(node.id)")
            }
            #expect(!outcomes.isEmpty, "\(tree.id) has no end")
            #expect(reached == outcomes, "\(tree.id): unreachable outcomes \(outcomes.subtracting(reached))")
        }
    }

    /// Walks each tree in each language, by labels, to every end node of that
    /// tree: the translated labels must work as input too.
    @Test func walkableByTypedLabelsInEveryLanguage() throws {
        for lang in library.languages {
            for t in library.trees.indices {
                let tree = library.trees[t]
                for (n, node) in tree.nodes.enumerated() where node.isEnd {
                    var session = Session(library: library)
                    try session.setLang(lang)
                    try session.open(tree.id)
                    let route = try #require(shortestRoute(to: NodeRef(tree: t, node: n)), "\(tree.id)#\(node.id)")
                    for index in route {
                        let label = session.display(session.current!).choices[index].label
                        // The full label must pick exactly this choice.
                        #expect(session.match(label) == .one(index), "\(lang) \(tree.id): '\(label)'")
                        try session.choose(index + 1)
                    }
                    #expect(session.current == NodeRef(tree: t, node: n))
                }
            }
        }
    }

    /// Choice indices from the tree's start to `target`, breadth first.
    func shortestRoute(to target: NodeRef) -> [Int]? {
        guard let start = library.start(of: Int(target.tree)) else { return nil }
        var previous: [NodeRef: (NodeRef, Int)] = [:]
        var queue = [start]
        var seen: Set<NodeRef> = [start]
        var head = 0
        while head < queue.count {
            let here = queue[head]
            head += 1
            if here == target {
                var route: [Int] = []
                var at = here
                while let (from, index) = previous[at] {
                    route.append(index)
                    at = from
                }
                return route.reversed()
            }
            for (i, choice) in library.node(here).choices.enumerated() {
                guard let next = choice.resolved, !seen.contains(next) else { continue }
                seen.insert(next)
                previous[next] = (here, i)
                queue.append(next)
            }
        }
        return nil
    }

    @Test func phrasesAreSayableAndNeverCondescending() {
        let banned = ["calm down", "relax", "you need to", "as i already said", "with all due respect",
                      "kalmeer", "rustig aan", "cálmese", "tranquilícese", "ηρεμήστε", "rauhoittukaa"]
        var all: [(String, Tree)] = library.trees.map { ($0.id, $0) }
        for (id, byLang) in library.translations { for (lang, t) in byLang { all.append(("\(lang)/\(id)", t)) } }
        for (name, tree) in all {
            for node in tree.nodes {
                for phrase in node.phrases {
                    let words = phrase.text.split(separator: " ").count
                    #expect(words <= 30, "\(name)#\(node.id): \(words) words")
                    let folded = phrase.text.lowercased()
                    for b in banned {
                        #expect(!folded.contains(b), "\(name)#\(node.id) says '\(b)'")
                    }
                }
                for paragraph in node.guidance {
                    #expect(sentences(paragraph) <= 3, "\(name)#\(node.id): '\(paragraph)'")
                }
            }
        }
    }

    /// Sentences in a paragraph: ". ", "! " and "? " ends, not abbreviations like "Mr.".
    func sentences(_ text: String) -> Int {
        let abbreviations: Set<String> = ["mr.", "mrs.", "ms.", "dr.", "st.", "e.g.", "i.e.", "κ.", "k.", "sr.", "sra.", "dhr.", "mevr."]
        var count = 0
        let words = text.split(separator: " ")
        for word in words {
            guard let last = word.last, last == "." || last == "!" || last == "?" else { continue }
            if abbreviations.contains(word.lowercased()) { continue }
            count += 1
        }
        return max(count, 1)
    }

    @Test func abusiveTreeAlwaysReachesABoundarySoon() throws {
        let t = try #require(library.treeIndex["abusive"])
        let tree = library.trees[t]
        #expect(tree.tags.contains("abusive"))
        // Breadth-first over states (node, steps): every path from the start
        // meets a boundary node or an ended/safety/escalated end within 6 steps.
        func isExit(_ r: NodeRef) -> Bool {
            let n = library.node(r)
            return n.tags.contains("boundary") || (n.isEnd && ["ended", "safety", "escalated"].contains(n.outcome ?? ""))
        }
        var frontier = [library.start(of: t)!]
        for _ in 0...6 {
            frontier = frontier.filter { !isExit($0) }
            if frontier.isEmpty { break }
            frontier = frontier.flatMap { library.node($0).choices.compactMap(\.resolved) }
        }
        #expect(frontier.isEmpty, "paths still open after 6 steps: \(frontier.map { library.node($0).id })")
    }
}
