/// Which English a translation was made from, so that `defuse check` can
/// say which of its nodes went stale when the English changed.
///
/// The record of `Trees/nl/angry.tree` is `Trees/nl/.translated-from/angry.tree`:
/// a copy of the source tree file (`Trees/angry.tree`) as it was when the
/// translation was last brought up to date, whole or node by node
/// (`defuse mark-translated`). Nobody edits it by hand, and it reads as any
/// tree does: `diff Trees/nl/.translated-from/angry.tree Trees/angry.tree`
/// shows a translator exactly what to bring over. Only the texts a
/// translator translates are compared (title, guidance, phrases, choice
/// labels), as the parser reads them, so layout changes are not changes.
public enum TranslationRecord {
    /// The folder beside the translations that holds their records.
    public static let folder = ".translated-from"

    /// The record's path for the translation file at `path`.
    public static func path(for translation: String) -> String {
        FileSystem.join(FileSystem.join(FileSystem.dirName(translation), folder), FileSystem.baseName(translation))
    }

    /// What changed in one node's English since the record: each item
    /// ready to read ("phrase 2: “old” → “new”").
    public static func changes(from old: Node, to new: Node) -> [String] {
        var out: [String] = []
        func quote(_ s: String) -> String { "“" + s + "”" }
        func compare(_ what: String, _ a: [String], _ b: [String]) {
            for i in 0..<max(a.count, b.count) {
                let name = a.count + b.count > 2 || what != "title" ? "\(what) \(i + 1)" : what
                switch (i < a.count ? a[i] : nil, i < b.count ? b[i] : nil) {
                case let (x?, y?) where x != y: out.append("\(name): \(quote(x)) → \(quote(y))")
                case let (nil, y?): out.append("\(name) added: \(quote(y))")
                case let (x?, nil): out.append("\(name) removed: \(quote(x))")
                default: break
                }
            }
        }
        if old.title != new.title { out.append("title: \(quote(old.title)) → \(quote(new.title))") }
        compare("guidance paragraph", old.guidance, new.guidance)
        compare("phrase", old.phrases.map(\.text), new.phrases.map(\.text))
        compare("choice label", old.choices.map(\.label), new.choices.map(\.label))
        return out
    }

    /// The stale nodes of translation `t` of `source`, against its record
    /// (nil: none yet), as warnings at the translation's node lines.
    public static func check(_ t: Tree, source: Tree, record: Tree?) -> [Diagnostic] {
        guard let record else { return [] }
        var out: [Diagnostic] = []
        let name = FileSystem.baseName(source.file)
        func mark(_ id: String) -> String { "'defuse mark-translated \(t.file) --node \(id)' when it is" }
        for node in t.nodes {
            guard let now = source.node(node.id) else { continue }  // the checker reports it
            let place = node.position.location(in: t.file)
            guard let then = record.node(node.id) else {
                out.append(.warning(place, "no record of the English '\(node.id)' was translated from (\(name) added it since?): check it, then \(mark(node.id)) up to date"))
                continue
            }
            let changed = changes(from: then, to: now)
            if !changed.isEmpty {
                out.append(.warning(place, "the English of '\(node.id)' changed since this translation: "
                                    + changed.joined(separator: "; ") + " (\(mark(node.id)) up to date)"))
            }
        }
        return out
    }

    /// For `check --strict`: translation `t` has no record yet.
    public static func unrecorded(_ t: Tree) -> Diagnostic {
        .warning(t.titlePosition.location(in: t.file),
                 "no record of the English this translation was made from, so nobody will hear when it goes stale: 'defuse mark-translated \(t.file)' records it, once it is up to date")
    }

    /// The text of a record that marks `nodes` of a translation up to date
    /// with the source text `english`, keeping what `existing` (the record
    /// so far, if any) says of the other nodes. No nodes: all of them, so
    /// the record is the English as it is.
    public static func marked(_ nodes: [String], english: String, existing: String?) -> String {
        guard !nodes.isEmpty else { return english }
        let now = blocks(english)
        var record: (preamble: String, nodes: [(id: String, text: String)]) = existing.map(blocks) ?? (now.preamble, [])
        for id in nodes {
            guard let block = now.nodes.first(where: { $0.id == id }) else { continue }
            if let i = record.nodes.firstIndex(where: { $0.id == id }) {
                record.nodes[i] = block
            } else {
                record.nodes.append(block)
            }
        }
        var text = record.preamble
        for block in record.nodes {
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += block.text
        }
        return text
    }

    /// A tree file's text in parts: what comes before the first node, then
    /// each node's lines (from its `## id:` header to the next), by id. The
    /// grammar says which lines are node headers (its outline), so a record
    /// is cut exactly where the parser sees nodes.
    static func blocks(_ text: String) -> (preamble: String, nodes: [(id: String, text: String)]) {
        let bytes = Array(text.utf8)
        let (_, _, outline) = TreeParser(file: "").read(TextBuffer(bytes), defaultID: "", outline: true)
        // 1-based line numbers of the headers, and their ids.
        let headers = outline.filter { $0.role == .nodeHeader }.map { h in
            (line: Int(h.line), id: String(decoding: bytes[Int(h.first.start)..<Int(h.first.end)], as: UTF8.self))
        }
        var preamble = ""
        var nodes: [(id: String, text: String)] = []
        var next = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).enumerated() {
            if next < headers.count && headers[next].line == i + 1 {
                nodes.append((headers[next].id, ""))
                next += 1
            }
            if nodes.isEmpty {
                preamble += line + "\n"
            } else {
                nodes[nodes.count - 1].text += line + "\n"
            }
        }
        return (preamble, nodes)
    }
}
