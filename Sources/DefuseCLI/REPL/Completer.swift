#if canImport(Glibc)
import Glibc
#endif
import DefuseCore
import LineEditor

/// Tab completion that knows the context: command names; tree ids after
/// `open`; node ids after `goto`; language codes after `lang`; file paths
/// after `export FORMAT` and `load`; the current node's choice labels.
struct Completer {
    let session: Session

    /// Completion for `line` (the text up to the cursor).
    func complete(_ line: String) -> Completion {
        let bytes = Array(line.utf8)
        // Leading white space is kept.
        var lead = 0
        while lead < bytes.count, bytes[lead] == 0x20 || bytes[lead] == 0x09 { lead += 1 }
        let text = String(decoding: bytes[lead...], as: UTF8.self)
        guard let space = text.firstIndex(of: " ") else {
            // The first word: a command, or the start of a choice label.
            var candidates = SessionCommand.all.map { $0.names[0] }.filter { $0.hasPrefix(text.lowercased()) }
            candidates += labels(matching: text)
            return Completion(start: lead, candidates: unique(candidates))
        }
        let command = String(text[..<space]).lowercased()
        let argStart = lead + text[..<space].utf8.count + 1
        var rest = String(text[text.index(after: space)...])
        var restStart = argStart
        while rest.hasPrefix(" ") { rest.removeFirst(); restStart += 1 }
        let lib = session.library
        switch command {
        case "open":
            return Completion(start: restStart, candidates: lib.trees.map(\.id).filter { $0.hasPrefix(rest) })
        case "goto":
            if let hash = rest.firstIndex(of: "#") {
                let treeID = String(rest[..<hash])
                let prefix = String(rest[rest.index(after: hash)...])
                guard let tree = lib.tree(treeID) else { return Completion(start: restStart, candidates: []) }
                return Completion(start: restStart, candidates: tree.nodes.map { "\(treeID)#\($0.id)" }.filter { $0.hasPrefix(treeID + "#" + prefix) })
            }
            var candidates: [String] = []
            if let tree = session.currentTree { candidates += tree.nodes.map(\.id).filter { $0.hasPrefix(rest) } }
            candidates += lib.trees.map { $0.id + "#" }.filter { $0.hasPrefix(rest) }
            return Completion(start: restStart, candidates: unique(candidates))
        case "lang":
            return Completion(start: restStart, candidates: lib.languages.filter { $0.hasPrefix(rest) })
        case "help", "?":
            return Completion(start: restStart, candidates: SessionCommand.all.map { $0.names[0] }.filter { $0.hasPrefix(rest) })
        case "quiz":
            return Completion(start: restStart, candidates: ["on", "off"].filter { $0.hasPrefix(rest) })
        case "export":
            let formats = ExportFormat.allCases.map(\.rawValue)
            guard let sp = rest.firstIndex(of: " ") else {
                return Completion(start: restStart, candidates: formats.filter { $0.hasPrefix(rest) })
            }
            var file = String(rest[rest.index(after: sp)...])
            var fileStart = restStart + rest[..<sp].utf8.count + 1
            while file.hasPrefix(" ") { file.removeFirst(); fileStart += 1 }
            return Completion(start: fileStart, candidates: paths(matching: file, suffix: nil))
        case "load":
            return Completion(start: restStart, candidates: paths(matching: rest, suffix: ".json"))
        default:
            // Words of a label that started with a word that is not a command.
            return Completion(start: lead, candidates: labels(matching: text))
        }
    }

    /// Labels of the current node's choices that begin with `text` (case and accents ignored).
    func labels(matching text: String) -> [String] {
        guard let here = session.current, !text.isEmpty else { return [] }
        let folded = TextFold.fold(text)
        return session.display(here).choices.map { Visible.escape($0.label) }.filter { TextFold.fold($0).hasPrefix(folded) }
    }

    /// Files and folders starting with `prefix` (folders end in `/`).
    func paths(matching prefix: String, suffix: String?) -> [String] {
        let dir: String
        let namePrefix: String
        if let slash = prefix.lastIndex(of: "/") {
            dir = String(prefix[...slash])
            namePrefix = String(prefix[prefix.index(after: slash)...])
        } else {
            dir = ""
            namePrefix = prefix
        }
        guard case .success(let names) = FileSystem.list(dir.isEmpty ? "." : dir) else { return [] }
        var out: [String] = []
        for name in names where name.hasPrefix(namePrefix) {
            if name.hasPrefix(".") && !namePrefix.hasPrefix(".") { continue }
            let full = dir + name
            if FileSystem.kind(full) == .directory {
                out.append(full + "/")
            } else if suffix == nil || name.hasSuffix(suffix!) {
                out.append(full)
            }
        }
        return out
    }

    func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
