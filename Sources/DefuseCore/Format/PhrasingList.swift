/// Expressions a trainer would strike from a phrase, in one language: the
/// phrasing lint of `defuse check --strict`. A team keeps them in plain files
/// beside its trees, `phrasing/<lang>.txt`, and extends them:
///
/// ```text
/// // A comment.
/// ## calm-down: Telling an upset person to calm down escalates.
/// calm down
/// relax
/// guarantee*
/// ```
///
/// A line `## name: why` starts a group; each other line under it is one
/// expression. Matching goes by whole words, ignores case and accents
/// (`TextFold`), and a word ending in `*` matches any ending. Punctuation
/// inside an expression separates words, as it does in a phrase.
public struct PhrasingList: Sendable {
    public struct Group: Hashable, Sendable {
        public var name: String
        public var why: String
    }

    public struct Expression: Hashable, Sendable {
        /// A folded word; one with `prefix` set matches any word it starts.
        public struct Word: Hashable, Sendable {
            public var text: String
            public var prefix: Bool
        }

        /// As written in the file.
        public var text: String
        public var words: [Word]
        public var group: Int
        public var position: Position
    }

    /// One expression found in a text.
    public struct Match: Hashable, Sendable {
        public var expression: Expression
        /// The matched words' place in the text (UTF-8 byte offsets).
        public var range: Range<Int>
    }

    /// The language the list is for (its file name, `en` for `en.txt`).
    public var lang: String
    public var file: String
    public var groups: [Group] = []
    public var expressions: [Expression] = []

    /// Reads a list; what is wrong in it is reported with its line and
    /// column, and the lines that are wrong are left out.
    public static func parse(_ text: String, file: String, lang: String) -> (PhrasingList, [Diagnostic]) {
        var list = PhrasingList(lang: lang, file: file)
        var diagnostics: [Diagnostic] = []
        func error(_ line: Int, _ column: Int, _ message: String) {
            diagnostics.append(.error(SourceLocation(file: file, line: line, column: column), message))
        }
        var lineNumber = 0
        var groupLine = 0
        var groupSize = 0
        func endGroup() {
            if !list.groups.isEmpty && groupSize == 0 {
                diagnostics.append(.warning(SourceLocation(file: file, line: groupLine, column: 1),
                                            "group '\(list.groups[list.groups.count - 1].name)' has no expressions"))
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingASCIIWhitespace()
            let column = line.distance(from: line.startIndex, to: trimmed.startIndex) + 1
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            if trimmed.hasPrefix("##") {
                endGroup()
                let header = trimmed.dropFirst(2).trimmingASCIIWhitespace()
                guard let colon = header.firstIndex(of: ":") else {
                    error(lineNumber, column, "a group needs a name and why: '## name: why a trainer strikes these'")
                    continue
                }
                let name = header[..<colon].trimmingASCIIWhitespace()
                let why = header[header.index(after: colon)...].trimmingASCIIWhitespace()
                guard !name.isEmpty, !why.isEmpty else {
                    error(lineNumber, column, "a group needs a name and why: '## name: why a trainer strikes these'")
                    continue
                }
                list.groups.append(Group(name: String(name), why: String(why)))
                groupLine = lineNumber
                groupSize = 0
                continue
            }
            guard !list.groups.isEmpty else {
                error(lineNumber, column, "an expression before any group: start with '## name: why'")
                continue
            }
            var words: [Expression.Word] = []
            var problem: String?
            for token in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let wild = token.hasSuffix("*")
                let body = wild ? token.dropLast() : token
                if body.contains("*") { problem = "'*' may only end a word ('guarantee*'): '\(token)'" }
                let folded = TextFold.words(String(body))
                if folded.isEmpty && wild { problem = "'*' needs letters before it: '\(token)'" }
                for (i, w) in folded.enumerated() { words.append(Expression.Word(text: w, prefix: wild && i == folded.count - 1)) }
            }
            if let problem {
                error(lineNumber, column, problem)
                continue
            }
            guard !words.isEmpty else {
                error(lineNumber, column, "an expression needs words: '\(trimmed)'")
                continue
            }
            list.expressions.append(Expression(text: String(trimmed), words: words, group: list.groups.count - 1,
                                               position: Position(line: lineNumber, column: column)))
            groupSize += 1
        }
        endGroup()
        return (list, diagnostics)
    }

    /// Every expression of the list in `text`, in the order they start.
    public func matches(in text: String) -> [Match] {
        let words = TextFold.placedWords(text)
        var out: [Match] = []
        for expression in expressions {
            let n = expression.words.count
            guard n <= words.count else { continue }
            for i in 0...(words.count - n) {
                var all = true
                for (j, w) in expression.words.enumerated() {
                    let word = words[i + j].text
                    if w.prefix ? !word.hasPrefix(w.text) : word != w.text {
                        all = false
                        break
                    }
                }
                if all {
                    out.append(Match(expression: expression, range: words[i].range.lowerBound..<words[i + n - 1].range.upperBound))
                }
            }
        }
        return out.sorted { ($0.range.lowerBound, $0.expression.position.line) < ($1.range.lowerBound, $1.expression.position.line) }
    }

    /// The lists in the `phrasing` folders beside these tree paths: in a
    /// folder given, or beside a file given (or one folder up, for a
    /// translation's folder). One list per language; the first found wins.
    public static func find(beside paths: [String], limit: Int = 1 << 20) -> ([String: PhrasingList], [Diagnostic]) {
        var lists: [String: PhrasingList] = [:]
        var diagnostics: [Diagnostic] = []
        var folders: [String] = []
        for path in paths {
            let dir = FileSystem.kind(path) == .directory ? path : FileSystem.dirName(path)
            for candidate in [dir, FileSystem.dirName(dir)] {
                let folder = FileSystem.join(candidate, "phrasing")
                if FileSystem.kind(folder) == .directory && !folders.contains(folder) { folders.append(folder) }
            }
        }
        for folder in folders {
            guard case .success(let names) = FileSystem.list(folder) else { continue }
            for name in names where name.hasSuffix(".txt") && !name.hasPrefix(".") {
                let lang = String(name.dropLast(4))
                guard lists[lang] == nil else { continue }
                let path = FileSystem.join(folder, name)
                switch FileSystem.read(path, limit: limit) {
                case .failure(let f):
                    diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0), f.message))
                case .success(let bytes):
                    guard let text = String(validating: bytes, as: UTF8.self) else {
                        diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0), "not valid UTF-8"))
                        continue
                    }
                    let (list, found) = parse(text, file: path, lang: lang)
                    lists[lang] = list
                    diagnostics += found
                }
            }
        }
        return (lists, diagnostics)
    }

    /// The list for a tree in `lang`: its own, else that of its language
    /// without the region (`pt` for `pt-BR`).
    public static func list(for lang: String, in lists: [String: PhrasingList]) -> PhrasingList? {
        lists[lang] ?? lists[String(lang.prefix { $0 != "-" })]
    }
}
