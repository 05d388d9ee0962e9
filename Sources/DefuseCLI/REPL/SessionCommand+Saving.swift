#if canImport(Glibc)
import Glibc
#endif
import DefuseCore

/// Saving the path: `export FORMAT [FILE|-] [--force]` (the formats of
/// `ExportFormat`) and `load FILE.json`.
extension SessionCommand {
    static let saving: [SessionCommand] = [
        SessionCommand(names: ["export"], usage: "export \(ExportFormat.choices) [FILE|-]", summary: "save the path as coaching notes, JSON or text",
                       details: "Writes the path: \(ExportFormat.described). Without FILE, a fresh name such as angry-2026-11-23-1430.md in this folder; '-' prints it. An existing file is kept unless --force is given.",
                       group: "Saving", run: { $0.export($1) }),
        SessionCommand(names: ["load"], usage: "load FILE.json", summary: "continue from the end of a saved path",
                       details: "Reads a path saved with 'export json' and continues from its last step. Differences from the trees as they are now are counted; 'defuse replay FILE.json' lists them.",
                       group: "Saving", run: { $0.load($1) }),
    ]
}

extension Interpreter {
    /// The walk as a document, stamped with the console's clock.
    func pathDocument() -> PathDocument {
        PathDocument(session: session, version: DefuseCLI.version, created: console.now())
    }

    func export(_ arg: String) -> Reply {
        var words = arg.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var force = false
        words.removeAll { w in
            if w == "--force" || w == "-f" { force = true; return true }
            return false
        }
        guard let format = words.first.flatMap({ ExportFormat(rawValue: $0.lowercased()) }) else {
            let given = words.first.map { "unknown format '\(Visible.escape($0))': " } ?? ""
            return .error(given + "export needs a format: export \(ExportFormat.choices) [FILE|-] [--force]",
                          candidates: ExportFormat.allCases.map(\.rawValue))
        }
        guard !session.steps.isEmpty else {
            return .error("nothing to export yet: open a tree and walk a few steps first")
        }
        // The file name is the rest of the line as typed (it may hold spaces).
        var file = String(arg.trimmingASCIIWhitespace().dropFirst(words[0].count).trimmingASCIIWhitespace())
        for flag in ["--force", "-f"] {
            if file.hasSuffix(" " + flag) || file == flag { file = String(file.dropLast(flag.count).trimmingASCIIWhitespace()) }
            if file.hasPrefix(flag + " ") { file = String(file.dropFirst(flag.count).trimmingASCIIWhitespace()) }
        }
        let doc = pathDocument()
        let content = format.render(doc, library: session.library)
        if file == "-" {
            var reply = Reply(text: content, json: .object([("type", .string("export")), ("format", .string(format.rawValue)),
                                                            ("file", .null), ("content", .string(content))]))
            reply.preformatted = true
            return reply
        }
        var chosen = file
        var fresh = false
        if chosen.isEmpty {
            // A fresh name in the current folder: angry-2026-11-23-1430.md, then -2, -3...
            let base = "\(doc.steps[0].tree)-\(doc.created.fileStamp)"
            chosen = "\(base).\(format.rawValue)"
            var n = 2
            while FileSystem.kind(chosen) != .missing && n < 1000 {
                chosen = "\(base)-\(n).\(format.rawValue)"
                n += 1
            }
            fresh = true
        }
        switch AtomicFile.write(Array(content.utf8), to: chosen, overwrite: force && !fresh) {
        case .failure(let failure):
            return .error("cannot export to \(Visible.escape(chosen)): \(failure.message); the session goes on")
        case .success:
            let steps = plural(doc.steps.count, "step")
            return .info(renderer.style.dim("Exported \(steps) to ") + Visible.escape(chosen) + "\n", type: "export",
                         [("format", .string(format.rawValue)), ("file", .string(chosen)), ("bytes", .int(content.utf8.count)),
                          ("steps", .int(doc.steps.count))])
        }
    }

    func load(_ arg: String) -> Reply {
        let file = String(arg.trimmingASCIIWhitespace())
        guard !file.isEmpty else { return .error("load needs a saved path: load FILE.json") }
        let name = Visible.escape(file)
        let doc: PathDocument
        switch PathFile.read(file) {
        case .failure(let e): return .error("\(name): \(Visible.escape(e.description))")
        case .success(let d): doc = d
        }
        let replay = Replay.run(doc, library: session.library)
        guard let steps = replay.steps else {
            let gone = replay.drifts.filter { $0.kind == .nodeGone || $0.kind == .treeGone }
            return .error("\(name) cannot be loaded: " + gone.map { Visible.escape($0.description) }.joined(separator: "; ")
                          + " ('defuse replay \(name)' shows every difference)")
        }
        let lib = session.library
        let ownLang = steps.allSatisfy { lib.trees[Int($0.node.tree)].lang == doc.lang }
        let lang: String? = ownLang || !lib.languages.contains(doc.lang) ? nil : doc.lang
        session.restore(steps: steps, lang: lang)
        var note = "Loaded \(plural(steps.count, "step")) from \(name)"
        if !replay.clean {
            note += " (\(plural(replay.drifts.count, "difference")) from the trees now: 'defuse replay \(name)' lists them)"
        }
        var reply = show(session.current!, note: note + ".")
        if case .object(var pairs) = reply.json {
            pairs.append(("loaded", .object([("file", .string(file)), ("steps", .int(steps.count)),
                                              ("drifts", .array(replay.drifts.map { .string($0.description) }))])))
            reply.json = .object(pairs)
        }
        return reply
    }
}
