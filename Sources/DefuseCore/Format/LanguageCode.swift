/// BCP-47 language tags, checked for shape: `en`, `nl`, `pt-BR`, `zh-Hant-TW`.
public enum LanguageCode {
    /// Folders named like `nl`, `es` or `pt-BR` hold translations.
    public static func isFolderName(_ s: String) -> Bool {
        isValid(s) && s.split(separator: "-").first?.count == 2
    }

    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count),
                  part.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
            else { return false }
        }
        return true
    }
}
