/// A whole tree as a graph for Graphviz (dot) or Mermaid: every node and
/// choice, end nodes styled by outcome, choices into other trees drawn to a
/// dashed box named `tree#node`, and, optionally, a walked path highlighted.
/// Plain loops over nodes and choices: no recursion, any size.
public struct GraphExport {
    public var library: Library
    public var tree: Int
    /// Nodes (`tree#node`) the highlighted path visits.
    public var visited: Set<String> = []
    /// Moves (`tree#node->tree#node`) the highlighted path made by a choice.
    public var moves: Set<String> = []

    /// The graph languages: the one list that `defuse graph --format`, its
    /// help, the man page and the shell completions read.
    public enum Format: String, CaseIterable, Sendable {
        /// Graphviz.
        case dot
        case mermaid
    }

    /// The graph in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .dot: dot()
        case .mermaid: mermaid()
        }
    }

    public init(library: Library, tree: Int, path: PathDocument? = nil) {
        self.library = library
        self.tree = tree
        if let path {
            for (i, step) in path.steps.enumerated() {
                visited.insert(step.ref)
                if let taken = step.taken, i + 1 < path.steps.count { moves.insert(step.ref + "->" + taken.target) }
            }
        }
    }

    struct Edge {
        /// `tree#node` where the choice is.
        var from: String
        var target: String
        var label: String
        var crosses: Bool
        var broken: Bool
        /// The choice the edge draws.
        var choice: ChoiceRef
    }

    /// The nodes' refs, the cross-tree targets in order of first use, and every edge.
    func layout() -> (refs: [String], external: [String], edges: [Edge]) {
        let t = library.trees[tree]
        var refs: [String] = []
        refs.reserveCapacity(t.nodes.count)
        for n in t.nodes.indices { refs.append(library.address(of: NodeRef(tree: tree, node: n))) }
        var external: [String] = []
        var externalSeen = Set<String>()
        var edges: [Edge] = []
        for (n, node) in t.nodes.enumerated() {
            for (c, choice) in node.choices.enumerated() {
                let cref = ChoiceRef(node: NodeRef(tree: tree, node: n), index: c)
                if let r = choice.resolved {
                    let target = library.address(of: r)
                    let crosses = Int(r.tree) != tree
                    if crosses && externalSeen.insert(target).inserted { external.append(target) }
                    edges.append(Edge(from: refs[n], target: target, label: choice.label, crosses: crosses, broken: false, choice: cref))
                } else {
                    let target = choice.target.description
                    if externalSeen.insert(target).inserted { external.append(target) }
                    edges.append(Edge(from: refs[n], target: target, label: choice.label, crosses: true, broken: true, choice: cref))
                }
            }
        }
        // Choices in other trees that lead into this one.
        for (o, other) in library.trees.enumerated() where o != tree {
            for (n, node) in other.nodes.enumerated() {
                for (c, choice) in node.choices.enumerated() {
                    guard let r = choice.resolved, Int(r.tree) == tree else { continue }
                    let from = TargetName(tree: other.id, node: node.id).description
                    if externalSeen.insert(from).inserted { external.append(from) }
                    edges.append(Edge(from: from, target: refs[Int(r.node)], label: choice.label, crosses: true, broken: false,
                                      choice: ChoiceRef(node: NodeRef(tree: o, node: n), index: c)))
                }
            }
        }
        return (refs, external, edges)
    }

    static let highlight = "#1f6feb"

    // MARK: dot

    public func dot() -> String {
        let t = library.trees[tree]
        let (refs, external, edges) = layout()
        var out = "digraph \(dotQuote(t.id)) {\n"
        out += "  graph [label=\(dotQuote(t.title)), labelloc=t, rankdir=TB, fontname=\"Helvetica\"];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for (n, node) in t.nodes.enumerated() {
            var attrs = ["label=" + dotQuote(node.title + "\n" + node.id)]
            if node.isEnd {
                let outcome = node.outcome ?? "end"
                attrs.append("fillcolor=\"\(Mermaid.dotColor(outcome))\"")
                attrs.append("peripheries=2")
                attrs.append("xlabel=" + dotQuote(outcome))
            }
            if t.startIndex == Int32(n) { attrs.append("shape=box, style=\"rounded,filled,bold\"") }
            if visited.contains(refs[n]) { attrs.append("color=\"\(GraphExport.highlight)\", penwidth=3") }
            out += "  \(dotQuote(refs[n])) [\(attrs.joined(separator: ", "))];\n"
        }
        for ref in external {
            var attrs = ["label=" + dotQuote(ref), "shape=note", "style=dashed"]
            if visited.contains(ref) { attrs.append("color=\"\(GraphExport.highlight)\", penwidth=3") }
            out += "  \(dotQuote(ref)) [\(attrs.joined(separator: ", "))];\n"
        }
        for e in edges {
            var attrs = ["label=" + dotQuote(e.label)]
            if e.crosses { attrs.append("style=dashed") }
            if e.broken { attrs.append("color=red") }
            if moves.contains(e.from + "->" + e.target) { attrs.append("color=\"\(GraphExport.highlight)\", penwidth=3") }
            out += "  \(dotQuote(e.from)) -> \(dotQuote(e.target)) [\(attrs.joined(separator: ", "))];\n"
        }
        out += "}\n"
        return out
    }

    /// A DOT string: quotes and backslashes escaped, newlines as `\n`,
    /// terminal controls made visible.
    func dotQuote(_ text: String) -> String {
        var out = "\""
        for ch in Visible.escape(text, singleLine: false) {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    // MARK: mermaid

    public func mermaid() -> String {
        let t = library.trees[tree]
        let (refs, external, edges) = layout()
        var out = "---\ntitle: " + Mermaid.label(t.title) + "\n---\nflowchart TD\n"
        var idOf: [String: String] = [:]
        for (n, node) in t.nodes.enumerated() {
            idOf[refs[n]] = "n\(n)"
            out += "  n\(n)[\"" + Mermaid.label(node.title) + "<br/><small>" + Mermaid.label(node.id) + "</small>\"]\n"
        }
        for (x, ref) in external.enumerated() {
            idOf[ref] = "x\(x)"
            out += "  x\(x)[/\"" + Mermaid.label(ref) + "\"/]\n"
        }
        var highlighted: [Int] = []
        for (i, e) in edges.enumerated() {
            let arrow = e.crosses ? "-.->" : "-->"
            out += "  " + idOf[e.from]! + " \(arrow)|\"" + Mermaid.label(e.label) + "\"| " + idOf[e.target]! + "\n"
            if moves.contains(e.from + "->" + e.target) { highlighted.append(i) }
        }
        // Outcomes, cross-tree boxes and the path.
        var classes: [String: [String]] = [:]
        var classOrder: [String] = []
        func add(_ cls: String, _ id: String) {
            if classes[cls] == nil { classOrder.append(cls) }
            classes[cls, default: []].append(id)
        }
        var styles: [String: String] = ["external": "stroke-dasharray:4 3,fill:#f6f8fa", "visited": "stroke:\(GraphExport.highlight),stroke-width:3px"]
        if let s = t.startIndex { add("start", "n\(s)"); styles["start"] = "stroke-width:3px" }
        for (n, node) in t.nodes.enumerated() where node.isEnd {
            let outcome = node.outcome ?? "end"
            let cls = Mermaid.outcomeClass(outcome)
            styles[cls] = Mermaid.outcomeStyle(outcome)
            add(cls, "n\(n)")
        }
        for x in external.indices { add("external", "x\(x)") }
        for ref in refs + external where visited.contains(ref) { add("visited", idOf[ref]!) }
        for cls in classOrder {
            out += "  classDef \(cls) \(styles[cls]!)\n"
            out += "  class \(classes[cls]!.joined(separator: ",")) \(cls)\n"
        }
        if !highlighted.isEmpty {
            out += "  linkStyle \(highlighted.map(String.init).joined(separator: ",")) stroke:\(GraphExport.highlight),stroke-width:3px\n"
        }
        return out
    }
}
