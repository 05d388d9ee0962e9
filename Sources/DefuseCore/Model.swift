/// A `key: value` line of tree or node metadata, kept with its place.
public struct Metadata: Hashable, Sendable {
    public var key: String
    public var value: String
    public var position: Position
    /// Column where the value starts.
    public var valueColumn: Int32

    public init(key: String, value: String, position: Position, valueColumn: Int32) {
        self.key = key
        self.value = value
        self.position = position
        self.valueColumn = valueColumn
    }
}

/// A suggested phrase: what the trainee can say at this step.
public struct Phrase: Hashable, Sendable {
    public var text: String
    public var position: Position

    public init(text: String, position: Position) {
        self.text = text
        self.position = position
    }
}

/// Where a choice leads, as written.
public struct TargetName: Hashable, Sendable, CustomStringConvertible {
    /// Another tree's id, or nil for the same tree.
    public var tree: String?
    /// A node id, or nil for the other tree's start node.
    public var node: String?

    public init(tree: String?, node: String?) {
        self.tree = tree
        self.node = node
    }

    /// Parses `node`, `tree#node` or `tree`, as written after `->`. A bare
    /// name is a node of the same tree; whether it is a tree instead is
    /// decided when targets are resolved.
    public init(parsing text: String) {
        if let hash = text.firstIndex(of: "#") {
            tree = String(text[..<hash])
            node = String(text[text.index(after: hash)...])
        } else {
            tree = nil
            node = text
        }
    }

    public var description: String {
        switch (tree, node) {
        case let (t?, n?): return "\(t)#\(n)"
        case let (t?, nil): return t
        case let (nil, n?): return n
        case (nil, nil): return ""
        }
    }
}

/// A node in the whole loaded library: tree index and node index.
public struct NodeRef: Hashable, Sendable, Comparable {
    public var tree: Int32
    public var node: Int32

    public init(tree: Int, node: Int) {
        self.tree = Int32(truncatingIfNeeded: tree)
        self.node = Int32(truncatingIfNeeded: node)
    }

    public static func < (a: NodeRef, b: NodeRef) -> Bool {
        a.tree != b.tree ? a.tree < b.tree : a.node < b.node
    }
}

/// `* label -> target`
public struct Choice: Hashable, Sendable {
    public var label: String
    public var target: TargetName
    /// Where the target is after resolution; nil when it names nothing.
    public var resolved: NodeRef?
    public var position: Position
    public var targetColumn: Int32

    public init(label: String, target: TargetName, position: Position, targetColumn: Int32) {
        self.label = label
        self.target = target
        self.resolved = nil
        self.position = position
        self.targetColumn = targetColumn
    }

    /// Whether the choice leaves its tree.
    public var crossesTree: Bool { target.tree != nil }
}

/// One step of a decision tree: `## id: Title`.
public struct Node: Hashable, Sendable {
    public var id: String
    public var title: String
    public var position: Position
    public var metadata: [Metadata] = []
    /// Paragraphs of guidance, each joined from consecutive lines.
    public var guidance: [String] = []
    public var phrases: [Phrase] = []
    public var choices: [Choice] = []

    public init(id: String, title: String, position: Position) {
        self.id = id
        self.title = title
        self.position = position
    }

    public func meta(_ key: String) -> String? {
        for m in metadata where m.key == key { return m.value }
        return nil
    }

    public var isEnd: Bool { choices.isEmpty }
    public var outcome: String? { meta("outcome") }
    public var tone: String? { meta("tone") }
    /// Playbook IDs or free text from `source:`, split on commas.
    public var sources: [String] { splitList(meta("source")) }
    public var tags: [String] { splitList(meta("tags")) }
}

/// One `.tree` file.
public struct Tree: Hashable, Sendable {
    /// The path as it was given or found (used in diagnostics).
    public var file: String
    public var id: String
    public var title: String
    public var titlePosition: Position
    public var metadata: [Metadata] = []
    public var nodes: [Node] = []
    /// Node id to index in `nodes` (the first of duplicates).
    public var nodeIndex: [String: Int32] = [:]
    /// Index of the start node, when `start` names one (or the first node).
    public var startIndex: Int32?
    /// FNV-1a 64 of the file's bytes, as 16 hex digits.
    public var contentHash: String = ""
    /// Set for a file found in a language folder (`Trees/nl/angry.tree`).
    public var translationFolder: String?

    public init(file: String, id: String, title: String, titlePosition: Position) {
        self.file = file
        self.id = id
        self.title = title
        self.titlePosition = titlePosition
    }

    public func meta(_ key: String) -> String? {
        for m in metadata where m.key == key { return m.value }
        return nil
    }

    public var lang: String { meta("lang") ?? "en" }
    public var summary: String? { meta("summary") }
    public var tags: [String] { splitList(meta("tags")) }
    public var version: String? { meta("version") }

    public func node(_ id: String) -> Node? {
        guard let i = nodeIndex[id] else { return nil }
        return nodes[Int(i)]
    }

    public var startNode: Node? {
        guard let s = startIndex else { return nil }
        return nodes[Int(s)]
    }

    public var choiceCount: Int { nodes.reduce(0) { $0 + $1.choices.count } }
}

/// Splits a comma-separated metadata value, trimming each part.
func splitList(_ value: String?) -> [String] {
    guard let value, !value.isEmpty else { return [] }
    var out: [String] = []
    for part in value.split(separator: ",") {
        let t = part.trimmingASCIIWhitespace()
        if !t.isEmpty { out.append(String(t)) }
    }
    return out
}

extension StringProtocol {
    public func trimmingASCIIWhitespace() -> Substring {
        let s = self[...]
        var start = s.startIndex
        var end = s.endIndex
        while start < end, s[start] == " " || s[start] == "\t" { start = s.index(after: start) }
        while end > start {
            let before = s.index(before: end)
            if s[before] == " " || s[before] == "\t" { end = before } else { break }
        }
        return Substring(s[start..<end])
    }
}

/// Tree and node ids: lowercase ASCII letters, digits and `-`, starting with
/// a letter or digit, at most 64 characters.
public enum Identifier {
    public static let maxLength = 64

    public static func isValid<S: StringProtocol>(_ s: S) -> Bool {
        problem(s) == nil
    }

    /// Why `s` is not a valid id, or nil.
    public static func problem<S: StringProtocol>(_ s: S) -> String? {
        let u = s.utf8
        if u.isEmpty { return "is empty" }
        if u.count > maxLength { return "is longer than \(maxLength) characters" }
        var first = true
        for b in u {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b == 0x2D && !first)
            if !ok {
                if first && b == 0x2D { return "starts with '-'" }
                return "may hold only lowercase letters a-z, digits and '-'"
            }
            first = false
        }
        return nil
    }
}
