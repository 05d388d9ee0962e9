/// The playbook's articles and technique IDs, read from `Trees/SOURCES.md`:
/// a `## 000 — Title (language)` heading per article, then one list item per
/// technique, "- `000-id` — description".
public struct SourceList: Sendable, Hashable {
    public struct Technique: Sendable, Hashable {
        public var id: String
        public var article: String
        public var description: String
    }

    public struct Article: Sendable, Hashable {
        public var code: String
        public var title: String
    }

    public var file: String
    public var articles: [Article] = []
    public var techniques: [Technique] = []
    public var index: [String: Int] = [:]

    public init(parsing bytes: [UInt8], file: String) {
        self.file = file
        var article = ""
        // Lines are found on the bytes; only the few that can matter (a
        // "## " heading or a "- `" / "* `" item) become strings.
        var lineStart = 0
        let n = bytes.count
        while lineStart <= n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            var s = lineStart
            var e = lineEnd
            if e < n && e > s && bytes[e - 1] == 0x0D { e -= 1 }  // "\r\n"
            lineStart = next
            while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
            while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
            guard e - s >= 3 else { continue }
            let b0 = bytes[s], b1 = bytes[s + 1], b2 = bytes[s + 2]
            let heading = b0 == 0x23 && b1 == 0x23 && b2 == 0x20
            let item = (b0 == 0x2D || b0 == 0x2A) && b1 == 0x20 && b2 == 0x60
            guard heading || item else { continue }
            let line = Substring(String(decoding: bytes[s..<e], as: UTF8.self)).replacingCR()
            if line.hasPrefix("## ") {
                let rest = line.dropFirst(3).trimmingASCIIWhitespace()
                let code = String(rest.prefix { $0.isASCII && $0.isNumber })
                if !code.isEmpty {
                    article = code
                    var title = rest.dropFirst(code.count).trimmingASCIIWhitespace()
                    while let f = title.first, f == "—" || f == "-" || f == ":" || f == "–" {
                        title = title.dropFirst().trimmingASCIIWhitespace()
                    }
                    articles.append(Article(code: code, title: String(title)))
                }
                continue
            }
            guard line.hasPrefix("- `") || line.hasPrefix("* `") else { continue }
            let rest = line.dropFirst(3)
            guard let close = rest.firstIndex(of: "`") else { continue }
            let id = String(rest[..<close])
            guard SourceList.isPlaybookID(id) else { continue }
            var description = rest[rest.index(after: close)...].trimmingASCIIWhitespace()
            while let f = description.first, f == "—" || f == "-" || f == ":" || f == "–" {
                description = description.dropFirst().trimmingASCIIWhitespace()
            }
            let articleCode = article.isEmpty ? String(id.prefix(3)) : article
            index[id] = techniques.count
            techniques.append(Technique(id: id, article: articleCode, description: String(description)))
        }
    }

    public func technique(_ id: String) -> Technique? {
        index[id].map { techniques[$0] }
    }

    public func article(_ code: String) -> Article? {
        articles.first { $0.code == code }
    }

    /// IDs shaped like `002-calm`: three digits, a dash, a lowercase name.
    /// Other `source:` text is free text and is not checked.
    public static func isPlaybookID<S: StringProtocol>(_ s: S) -> Bool {
        let u = s.utf8
        guard u.count >= 5 else { return false }
        var i = 0
        for b in u {
            if i < 3 { guard b >= 0x30 && b <= 0x39 else { return false } }
            else { guard b == 0x2D else { return false }; break }
            i += 1
        }
        return Identifier.isValid(s)
    }
}

extension Substring {
    func replacingCR() -> Substring {
        hasSuffix("\r") ? dropLast() : self
    }
}
