/// Case- and accent-insensitive matching without Foundation: lowercases,
/// strips combining marks and maps precomposed Latin and Greek letters to
/// their base letter, so "cafe" finds "Café" and "ηρεμια" finds "ηρεμία".
public enum TextFold {
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.lowercased().unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(scalar)
                continue
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let base = table[v] {
                out.append(contentsOf: base.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Folded words: runs of letters and digits.
    public static func words(_ s: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in fold(s).unicodeScalars {
            if scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// A folded word of a text and where it stands in it (UTF-8 byte offsets).
    public struct Word: Hashable, Sendable {
        public var text: String
        public var range: Range<Int>
    }

    /// The folded words of `s` (as `words`, a scalar at a time) with their
    /// places in `s`, to point at what matched.
    public static func placedWords(_ s: String) -> [Word] {
        var out: [Word] = []
        var current = String.UnicodeScalarView()
        var start = 0
        var offset = 0
        for scalar in s.unicodeScalars {
            let width = UTF8.width(scalar)
            defer { offset += width }
            if scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39) {
                if current.isEmpty { start = offset }
                current.append(contentsOf: fold(String(scalar)).unicodeScalars)
            } else if scalar.properties.generalCategory == .nonspacingMark && !current.isEmpty {
                continue  // a combining accent belongs to its word, and folds away
            } else if !current.isEmpty {
                out.append(Word(text: String(current), range: start..<offset))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(Word(text: String(current), range: start..<offset)) }
        return out
    }

    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        func map(_ chars: String, _ base: String) {
            for s in chars.unicodeScalars { t[s.value] = base }
        }
        map("àáâãäåāăą", "a"); map("çćĉċč", "c"); map("ďđ", "d"); map("èéêëēĕėęě", "e")
        map("ĝğġģ", "g"); map("ĥħ", "h"); map("ìíîïĩīĭįı", "i"); map("ĵ", "j"); map("ķ", "k")
        map("ĺļľŀł", "l"); map("ñńņňŉ", "n"); map("òóôõöøōŏő", "o"); map("ŕŗř", "r")
        map("śŝşš", "s"); map("ţťŧ", "t"); map("ùúûüũūŭůűų", "u"); map("ŵ", "w"); map("ýÿŷ", "y")
        map("źżž", "z"); map("æ", "ae"); map("œ", "oe"); map("ß", "ss"); map("þ", "th"); map("ð", "d")
        map("ά", "α"); map("έ", "ε"); map("ή", "η"); map("ίϊΐ", "ι"); map("ό", "ο"); map("ύϋΰ", "υ")
        map("ώ", "ω"); map("ς", "σ")
        return t
    }()
}
