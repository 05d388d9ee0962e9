/// A tree as a Mermaid flowchart shaded by how many sessions passed each
/// node and took each choice (a `CoverageTally`): five shades, from nobody
/// (white, dashed) to every session (dark), with a legend of its own. The
/// nodes and choices are `GraphExport`'s, so the heat map and `defuse graph`
/// draw a tree alike. A tree of more than `fullTreeLimit` nodes is drawn in
/// part: the nodes someone visited and those one untried choice away, at
/// most `partLimit` of them (the most visited), and `note` says so.
public struct HeatMap {
    public var library: Library
    public var tree: Int
    public var tally: CoverageTally
    /// The sessions the shares are of.
    public var sessions: Int

    /// Trees up to this many nodes are drawn whole.
    public static let fullTreeLimit = 60
    /// At most this many nodes are drawn of a bigger tree.
    public static let partLimit = 120
    /// At most this many choices are drawn (Mermaid refuses more than 500).
    public static let edgeLimit = 400

    public init(library: Library, tree: Int, tally: CoverageTally, sessions: Int) {
        self.library = library
        self.tree = tree
        self.tally = tally
        self.sessions = sessions
    }

    /// Shades: 0 nobody, then 1 to 4 for up to a quarter, half, three
    /// quarters and all of the sessions.
    public static let shades = 4

    /// The shade of `count` of `sessions`.
    public static func shade(_ count: Int, of sessions: Int) -> Int {
        guard count > 0, sessions > 0 else { return 0 }
        return min(shades, (count * shades + sessions - 1) / sessions)
    }

    /// The counts that get `shade` (1 to 4) of `sessions`; nil when none do.
    public static func counts(inShade shade: Int, of sessions: Int) -> ClosedRange<Int>? {
        let low = (shade - 1) * sessions / shades + 1
        let high = shade * sessions / shades
        return low <= high ? low...high : nil
    }

    /// Node classes: fill, stroke and text colours (dark text on light fills).
    static let nodeStyles = [
        "fill:#ffffff,stroke:#9e9e9e,stroke-dasharray:4 3,color:#616161",
        "fill:#feedde,stroke:#fd8d3c,color:#000000",
        "fill:#fdbe85,stroke:#e6550d,color:#000000",
        "fill:#fd8d3c,stroke:#a63603,color:#000000",
        "fill:#d94701,stroke:#7f2704,color:#ffffff",
    ]

    /// Edge styles: grey and thin for a choice nobody took, then darker and thicker.
    static let edgeStyles = [
        "stroke:#c8c8c8,stroke-width:1px",
        "stroke:#fd8d3c,stroke-width:1.5px",
        "stroke:#e6550d,stroke-width:2.5px",
        "stroke:#a63603,stroke-width:3.5px",
        "stroke:#7f2704,stroke-width:4.5px",
    ]

    /// What the legend says of `shade`: `nobody`, `1 session`, `2–3 sessions (up to 50%)`.
    public func legendLabel(_ shade: Int) -> String? {
        guard shade > 0 else { return "nobody" }
        guard let range = Self.counts(inShade: shade, of: sessions) else { return nil }
        let count = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
        return count + (range.upperBound == 1 ? " session" : " sessions") + " (up to \(shade * 100 / Self.shades)%)"
    }

    /// What was drawn: the chart, and a sentence when only part of the tree is.
    public struct Drawing: Sendable {
        public var mermaid: String
        public var legend: String
        /// nil when the whole tree is drawn.
        public var note: String?
    }

    public func draw() -> Drawing {
        let t = library.trees[tree]
        let (refs, _, edges) = GraphExport(library: library, tree: tree).layout()
        var position: [String: Int] = [:]
        position.reserveCapacity(refs.count)
        for (n, ref) in refs.enumerated() { position[ref] = n }
        // Which nodes to draw.
        var shown = [Bool](repeating: true, count: t.nodes.count)
        var note: String?
        if t.nodes.count > Self.fullTreeLimit {
            shown = [Bool](repeating: false, count: t.nodes.count)
            var visited: [(node: Int, count: Int)] = []
            var near: [Int] = []
            for n in t.nodes.indices {
                let count = tally.sessions(at: NodeRef(tree: tree, node: n))
                guard count > 0 else { continue }
                visited.append((n, count))
            }
            for (n, _) in visited {
                for choice in t.nodes[n].choices {
                    if let r = choice.resolved, Int(r.tree) == tree, tally.sessions(at: r) == 0 { near.append(Int(r.node)) }
                }
            }
            var kept = 0
            if visited.count + near.count <= Self.partLimit {
                for (n, _) in visited { shown[n] = true }
                for n in near where !shown[n] { shown[n] = true }
                kept = shown.filter { $0 }.count
                note = "The tree has \(t.nodes.count) nodes: the map shows the \(visited.count) that someone visited"
                    + (kept > visited.count ? " and the \(kept - visited.count) one untried choice away from them." : ".")
            } else {
                let most = visited.enumerated().sorted { a, b in
                    a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
                }.prefix(Self.partLimit)
                for (_, v) in most { shown[v.node] = true }
                kept = most.count
                note = "The tree has \(t.nodes.count) nodes and \(visited.count) were visited: the map shows the \(kept) most visited."
            }
        }
        var index: [String: String] = [:]
        var out = "flowchart TD\n"
        let start = t.startIndex.map(Int.init)
        var classes = [[String]](repeating: [], count: Self.nodeStyles.count)
        for (n, node) in t.nodes.enumerated() where shown[n] {
            let id = "n\(n)"
            index[refs[n]] = id
            let count = tally.sessions(at: NodeRef(tree: tree, node: n))
            var small: [String] = []
            if n == start { small.append("start") }
            small.append(Mermaid.label(node.id))
            if node.isEnd { small.append(Mermaid.label(node.outcome ?? "end")) }
            small.append(count == 0 ? "nobody" : "\(count) of \(sessions)")
            let label = "\"" + Mermaid.label(node.title) + "<br/><small>" + small.joined(separator: " · ") + "</small>\""
            out += "  " + id + (node.isEnd ? "([" + label + "])" : "[" + label + "]") + "\n"
            classes[Self.shade(count, of: sessions)].append(id)
        }
        var drawn: [(edge: GraphExport.Edge, shade: Int)] = []
        var left = 0
        var boxes: [String] = []
        for e in edges {
            // Both ends drawn: a node of this tree shown, or a box for another tree's.
            guard position[e.from].map({ shown[$0] }) ?? true, position[e.target].map({ shown[$0] }) ?? true else { continue }
            // A choice of another tree into this one is drawn when someone took it (the way in).
            if position[e.from] == nil && tally.sessions(taking: e.choice) == 0 { continue }
            guard drawn.count < Self.edgeLimit else { left += 1; continue }
            for end in [e.from, e.target] where position[end] == nil && index[end] == nil {
                index[end] = "x\(boxes.count)"
                boxes.append(end)
            }
            drawn.append((e, Self.shade(tally.sessions(taking: e.choice), of: sessions)))
        }
        for (x, ref) in boxes.enumerated() {
            out += "  x\(x)[/\"" + Mermaid.label(ref) + "\"/]\n"
        }
        var edgeClasses = [[Int]](repeating: [], count: Self.edgeStyles.count)
        for (i, (e, shade)) in drawn.enumerated() {
            let count = tally.sessions(taking: e.choice)
            let label = Mermaid.label(e.label) + (count > 0 ? " · \(count)" : "")
            out += "  " + index[e.from]! + (e.crosses ? " -.->" : " -->") + "|\"" + label + "\"| " + index[e.target]! + "\n"
            edgeClasses[shade].append(i)
        }
        if left > 0 {
            let more = "\(left) more choices are not drawn (Mermaid draws at most 500)."
            note = note.map { $0 + " " + more } ?? more
        }
        for (shade, ids) in classes.enumerated() where !ids.isEmpty {
            out += "  classDef heat\(shade) \(Self.nodeStyles[shade])\n"
            out += "  class \(ids.joined(separator: ",")) heat\(shade)\n"
        }
        if !boxes.isEmpty {
            out += "  classDef external stroke-dasharray:4 3,fill:#f6f8fa,color:#000000\n"
            out += "  class " + boxes.indices.map { "x\($0)" }.joined(separator: ",") + " external\n"
        }
        for (shade, list) in edgeClasses.enumerated() where !list.isEmpty {
            out += "  linkStyle \(list.map(String.init).joined(separator: ",")) \(Self.edgeStyles[shade])\n"
        }
        return Drawing(mermaid: out, legend: legend(), note: note)
    }

    /// The legend: one box per shade that some count can have, in a row.
    public func legend() -> String {
        var out = "flowchart LR\n"
        var boxes: [String] = []
        var defs = ""
        for shade in 0...Self.shades {
            guard let label = legendLabel(shade) else { continue }
            boxes.append("l\(shade)[\"" + Mermaid.label(label) + "\"]:::heat\(shade)")
            defs += "  classDef heat\(shade) \(Self.nodeStyles[shade])\n"
        }
        out += "  " + boxes.joined(separator: " ~~~ ") + "\n" + defs
        return out
    }
}
