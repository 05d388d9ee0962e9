#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import DefuseCLI
import DefuseCore

/// The code each libFuzzer target runs on one input (`Sources/Fuzz*`), kept
/// here so that `swift test` replays saved crashes and the seed corpus
/// through exactly the same path (Tests/DefuseCLITests/FuzzReplayTests.swift).
///
/// Every entry must return normally for any input: a crash, a trap or a hang
/// is a finding. `render` and `session` also check the terminal-safety
/// property: what defuse prints holds no raw control bytes.
public enum FuzzEntries {
    /// Bytes → parse → resolve → check, through the real loader.
    /// Property: every finding renders, and every part of every node reads
    /// (`describe` reads them all) without a trap.
    public static func parse(_ bytes: [UInt8]) throws(Violation) {
        let path = Scratch.shared.write(bytes, name: "fuzz.tree")
        let result = Loader().load(paths: [path])
        // Every diagnostic renders; sorting for display must not trap either.
        for d in result.diagnostics.sortedForDisplay() { _ = Visible.escape(d.message) }
        _ = describe(TreeParser(file: "fuzz.tree").parse(bytes, defaultID: "fuzz"))
    }

    /// Everything a parse gives, as text: findings, then each node with all
    /// its parts and their places.
    public static func describe(_ result: (Tree?, [Diagnostic])) -> String {
        var out = result.1.map { "\($0.severity) \($0.location): \($0.message)" }
        guard let tree = result.0 else { return (out + ["no tree"]).joined(separator: "\n") }
        out.append("tree \(tree.id) '\(tree.title)' \(tree.titlePosition) start \(tree.startIndex.map(String.init) ?? "none")")
        for m in tree.metadata { out.append("  \(m.key)=\(m.value) \(m.position) \(m.valueColumn)") }
        for node in tree.nodes {
            let indexed = tree.nodeIndex[node.id].map(String.init) ?? "unindexed"
            out.append("node \(node.index) \(node.id) '\(node.title)' \(node.position) -> \(indexed) outcome \(node.outcome ?? "-")")
            for m in node.metadata { out.append("  meta \(m.key)=\(m.value) \(m.position) \(m.valueColumn)") }
            for g in node.guidance { out.append("  guidance \(g)") }
            for p in node.phrases { out.append("  phrase \(p.text) \(p.position)") }
            for c in node.choices {
                out.append("  choice \(c.label) -> \(c.target) \(c.position) \(c.targetColumn) crosses \(c.crossesTree)")
            }
        }
        return out.joined(separator: "\n")
    }

    /// A tree, then (after a line `%%`) session commands, one per line, run
    /// as a script. Without `%%`, a fixed tour of commands runs.
    public static func session(_ bytes: [UInt8]) throws(Violation) {
        let (tree, script) = split(bytes)
        let path = Scratch.shared.write(tree, name: "fuzz.tree")
        let lines = script.map(safeCommands) ?? defaultTour
        let (out, err, _) = runDefuse(["--color", "never", "--trees", path, "-c", lines.joined(separator: ";")])
        try requireVisible(out, what: "session output")
        try requireVisible(err, what: "session errors")
    }

    /// Property: rendered node views, lists, search results, exports and
    /// diagnostics hold no raw control bytes (only newlines).
    public static func render(_ bytes: [UInt8]) throws(Violation) {
        let path = Scratch.shared.write(bytes, name: "fuzz.tree")
        let runs: [[String]] = [
            ["check", "--color", "never", path],
            ["--color", "never", "--trees", path, "-c", defaultTour.joined(separator: ";")],
        ]
        for args in runs {
            let (out, err, _) = runDefuse(args)
            try requireVisible(out, what: "output of defuse \(args[0])")
            try requireVisible(err, what: "errors of defuse \(args[0])")
        }
    }

    /// A `defuse.path/1` document: strict decode, then replay against the
    /// bundled trees (as `load` and `defuse replay` do), then the exports.
    /// Property: the coaching notes made from it (Markdown, text) hold no
    /// raw control bytes, whatever text the document carries.
    public static func pathImport(_ bytes: [UInt8], library: Library) throws(Violation) {
        let doc: PathDocument
        switch PathDocument.decode(bytes: bytes) {
        case .failure(let e):
            _ = Visible.escape(e.description)
            return
        case .success(let d): doc = d
        }
        let replay = Replay.run(doc, library: library)
        for drift in replay.drifts { _ = Visible.escape(drift.description) }
        // What was decoded encodes and decodes to the same document.
        guard case .success(let again) = PathDocument.decode(text: doc.encoded()), again == doc else {
            throw Violation(message: "a decoded path document does not survive encode and decode")
        }
        let exporter = PathExporter(document: doc, library: library)
        try requireVisible(exporter.markdown(), what: "Markdown export")
        try requireVisible(exporter.text(), what: "text export")
        // A workshop report of the path, twice over (counts above one).
        var builder = WorkshopReport.Builder(library: library)
        builder.add(doc, name: "a.json")
        builder.add(doc, name: "b.json")
        let report = ReportExporter(report: builder.finish(), library: library, version: "fuzz")
        try requireVisible(report.markdown(), what: "Markdown report")
        guard case .success = JSON.parse(report.render(.json)) else {
            throw Violation(message: "the JSON report does not parse")
        }
    }

    /// A session journal, as `--resume` and `follow` read it: replayed
    /// whole (`Journal.recover`), and read by a `JournalTail` in two pieces
    /// split where the input's first byte says.
    /// Properties: neither crashes; the tail, given the whole lines, builds
    /// the session `--resume` builds of the same lines; the path it makes
    /// exports with no raw control bytes.
    public static func journal(_ bytes: [UInt8], library: Library) throws(Violation) {
        let whole = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lines = Scratch.shared.write(Array(bytes[..<whole]), name: "whole.journal")
        var resumed = Session(library: library, clock: { Timestamp(seconds: 1_790_000_000) })
        var refused = false
        switch Journal.recover(lines, into: &resumed) {
        case .success(let recovered): for problem in recovered.problems { _ = Visible.escape(problem) }
        case .failure(let failure): refused = true; _ = Visible.escape(failure.message)
        }
        let path = Scratch.shared.write([], name: "tail.journal")
        guard let tail = try? JournalTail(path: path) else { throw Violation(message: "cannot open \(path)") }
        var followed = Session(library: library, clock: { Timestamp(seconds: 1_790_000_000) })
        var followsRefused = false
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) * bytes.count / 256
        for piece in [bytes[..<split], bytes[split...]] {
            Scratch.shared.append(Array(piece), name: "tail.journal")
            guard case .lines(let read) = tail.read() else { throw Violation(message: "a growing journal read as cut short or deleted") }
            for line in read {
                switch line {
                case .event(let event): if let p = followed.apply(event) { _ = Visible.escape(p) }
                case .problem(let p): _ = Visible.escape(p)
                case .start(let schema, _, _): if Journal.unsupported(schema) != nil { followsRefused = true }
                case .end, .other: break
                }
            }
        }
        // A journal of another schema is refused by both (follow says so on screen).
        if refused || followsRefused {
            guard refused && followsRefused else {
                throw Violation(message: "--resume and follow disagree on whether the journal can be read")
            }
            return
        }
        guard followed.steps == resumed.steps, followed.lang == resumed.lang, followed.quiz == resumed.quiz,
              followed.drill == resumed.drill, followed.revealed == resumed.revealed else {
            throw Violation(message: "follow and --resume built different sessions from the same journal")
        }
        let doc = PathDocument(session: followed, version: "0.1.0", created: Timestamp(seconds: 1_790_000_000))
        let exporter = PathExporter(document: doc, library: library)
        try requireVisible(exporter.markdown(), what: "Markdown export of a journal")
        try requireVisible(exporter.text(), what: "text export of a journal")
    }

    /// What each libFuzzer target's entry does with one input: runs `entry`
    /// on it in the scratch folder; a property it breaks stops the fuzzer
    /// (a finding: libFuzzer saves the input).
    public static func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int, _ entry: ([UInt8]) throws(Violation) -> Void) -> CInt {
        sandbox()
        do {
            try entry(Array(UnsafeBufferPointer(start: data, count: size)))
        } catch {
            fatalError(error.message)
        }
        return 0
    }

    /// The trees the targets that replay paths and journals walk: `$DEFUSE_TREES`, else ./Trees.
    public static func treesFromEnvironment() -> Library {
        bundledLibrary(root: getenv("DEFUSE_TREES").map { String(cString: $0) } ?? "Trees")
    }

    /// The bundled trees, loaded once per process for `pathImport`.
    public static func bundledLibrary(root: String) -> Library {
        Loader().load(paths: [root]).library
    }

    // MARK: - Helpers

    public struct Violation: Error {
        public var message: String
    }

    /// Throws when `text` holds a C0 control other than newline, DEL, a C1
    /// control or a bidi control: what `Visible.escape` must have replaced.
    public static func requireVisible(_ text: String, what: String) throws(Violation) {
        var offset = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let bad: Bool
            switch v {
            case 0x0A: bad = false
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: bad = true
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: bad = true
            default: bad = false
            }
            if bad {
                let start = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: max(0, offset - 20))
                let context = String(text.unicodeScalars[start...].prefix(40))
                throw Violation(message: "raw control U+\(String(v, radix: 16, uppercase: true)) at scalar \(offset) in \(what): \(Visible.escape(context))")
            }
            offset += 1
        }
    }

    /// Where `bytes` (what a process wrote) would reach a terminal raw: the
    /// first C0 control other than newline, DEL, C1 control (UTF-8 or a lone
    /// 8-bit byte), bidi control or invalid UTF-8, described; nil if none.
    public static func rawControl(in bytes: [UInt8]) -> String? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if (b < 0x20 && b != 0x0A) || b == 0x7F { return describe(bytes, i, "control byte 0x\(hex(b))") }
                i += 1
                continue
            }
            // A well-formed sequence (no overlongs, surrogates or > U+10FFFF).
            let n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
            guard n > 0, b <= 0xF4, i + n <= bytes.count,
                  let scalar = decodeScalar(bytes[i..<(i + n)]) else {
                return describe(bytes, i, "invalid UTF-8 byte 0x\(hex(b))")
            }
            let v = scalar.value
            if (0x80..<0xA0).contains(v) || [0x061C, 0x200E, 0x200F].contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return describe(bytes, i, "control U+\(String(v, radix: 16, uppercase: true))")
            }
            i += n
        }
        return nil
    }

    private static func decodeScalar(_ slice: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var iterator = slice.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        // The decoder must have used exactly the whole slice.
        return String(scalar).utf8.count == slice.count ? scalar : nil
    }

    private static func describe(_ bytes: [UInt8], _ i: Int, _ what: String) -> String {
        let context = String(decoding: bytes[max(0, i - 30)..<min(bytes.count, i + 30)], as: UTF8.self)
        return "\(what) at byte \(i): \(Visible.escape(context))"
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }

    /// Runs `defuse ARGS` in memory; returns standard output, standard error
    /// and the exit status. Standard input is /dev/null (never read: -c).
    public static func runDefuse(_ args: [String]) -> (String, String, Int32) {
        var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: ["HOME": Scratch.shared.dir, "XDG_STATE_HOME": Scratch.shared.dir],
                              inputFD: -1, inputIsTerminal: false,
                              now: { Timestamp(seconds: 1_790_000_000) })
        let status = DefuseCLI.run(args, console: &console)
        return (console.out.captured, console.err.captured, status)
    }

    static let defaultTour = [
        "trees", "1", "look", "1", "peek 1", "2", "back", "path", "search a", "coverage",
        "unvisited", "note hi", "quiz on", "look", "reveal", "say 1", "say my own words", "rate 4",
        "drill on", "1", "say again", "rate 2", "2", "back 2", "path", "path --short", "drill off",
    ] + ExportFormat.allCases.map { "export \($0.rawValue) -" } + ["restart", "goto x", "lang", "help"]

    /// Splits at the first line `%%`: the tree, then the commands (if any).
    static func split(_ bytes: [UInt8]) -> ([UInt8], [String]?) {
        let marker: [UInt8] = Array("\n%%\n".utf8)
        guard bytes.count >= marker.count else { return (bytes, nil) }
        var i = 0
        while i + marker.count <= bytes.count {
            if bytes[i] == marker[0] && Array(bytes[i..<(i + marker.count)]) == marker {
                let tree = Array(bytes[..<(i + 1)])
                let rest = String(decoding: bytes[(i + marker.count)...], as: UTF8.self)
                return (tree, rest.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
            }
            i += 1
        }
        return (bytes, nil)
    }

    /// Fuzzed commands, minus those that touch files: a line that mentions
    /// `export` anywhere (whatever white space or case surrounds it) becomes
    /// an export to standard output, one that mentions `load` is left out
    /// (FuzzPathImport covers decoding). Matching words exactly let
    /// "\rexport md" through once, and the fuzzer wrote notes into its folder.
    public static func safeCommands(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines.prefix(64) {
            let lower = line.lowercased()
            if lower.contains("load") { continue }
            if lower.contains("export") {
                let format = ExportFormat.allCases.last { lower.contains($0.rawValue) } ?? .md
                result.append("export \(format.rawValue) -")
                continue
            }
            result.append(line.replacingSemicolons())
        }
        return result
    }

    /// Runs the fuzzer's process in its scratch folder, so that even a command
    /// that slipped through `safeCommands` writes nothing into the checkout.
    /// For the fuzz targets only: tests share one process and folder.
    public static func sandbox() {
        _ = sandboxed
    }

    private static let sandboxed: Bool = chdir(Scratch.shared.dir) == 0
}

extension String {
    /// `-c` splits commands at ';': keep a fuzzed line one command.
    fileprivate func replacingSemicolons() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == ";" ? " " : $0 }))
    }
}

/// A private folder under /tmp for the fuzzed file and the session's state.
final class Scratch: @unchecked Sendable {
    static let shared = Scratch()
    let dir: String

    private init() {
        var template = Array("/tmp/defuse-fuzz-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        dir = made.map { String(cString: $0) } ?? "/tmp"
    }

    /// Adds `bytes` to the end of the file `name` in the scratch folder.
    func append(_ bytes: [UInt8], name: String) {
        put(bytes, dir + "/" + name, O_WRONLY | O_APPEND | O_CLOEXEC)
    }

    func write(_ bytes: [UInt8], name: String) -> String {
        let path = dir + "/" + name
        put(bytes, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        return path
    }

    private func put(_ bytes: [UInt8], _ path: String, _ flags: Int32) {
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { if errno == EINTR { continue }; fatalError("cannot write \(path)") }
                done += n
            }
        }
        close(fd)
    }
}
