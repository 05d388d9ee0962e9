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
        let text = String(decoding: bytes, as: UTF8.self)
        var article = ""
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmingASCIIWhitespace().replacingCR()
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
        let u = Array(s.utf8)
        guard u.count >= 5, u[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), u[3] == 0x2D else { return false }
        return Identifier.isValid(s)
    }
}

extension Substring {
    func replacingCR() -> Substring {
        hasSuffix("\r") ? dropLast() : self
    }
}
