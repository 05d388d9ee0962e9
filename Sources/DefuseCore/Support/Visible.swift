/// Terminal safety: text from a tree file, a file name or a diagnostic never
/// reaches a terminal raw. Control characters (C0 but tab and newline, DEL,
/// C1) and bidirectional controls are replaced by a visible form, such as
/// `\e[2J` for an escape sequence or `<U+202E>` for a right-to-left override.
public enum Visible {
    /// `text` with every unsafe character made visible. Newlines and tabs are
    /// kept unless `singleLine` is set, when they become `\n` and a space.
    public static func escape(_ text: String, singleLine: Bool = true) -> String {
        guard needsEscape(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A:
                out += singleLine ? "\\n" : "\n"
            case 0x09:
                out += singleLine ? " " : "\t"
            case 0x1B:
                out += "\\e"
            case 0x0D:
                out += "\\r"
            case 0x00..<0x20, 0x7F:
                out += "\\x" + hex2(v)
            case 0x80..<0xA0:
                out += "<U+00" + hex2(v).uppercased() + ">"
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "<U+" + String(v, radix: 16, uppercase: true) + ">"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` holds anything `escape` would change (fast byte scan).
    public static func needsEscape(_ text: String) -> Bool {
        var iterator = text.utf8.makeIterator()
        var prev1: UInt8 = 0
        var prev2: UInt8 = 0
        while let b = iterator.next() {
            if b < 0x20 && b != 0x0A && b != 0x09 { return true }
            if b == 0x0A || b == 0x09 || b == 0x7F { return true }
            // C1: U+0080..U+009F is C2 80..C2 9F.
            if prev1 == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            // U+061C is D8 9C.
            if prev1 == 0xD8 && b == 0x9C { return true }
            // U+200E/F is E2 80 8E/8F; U+202A..E is E2 80 AA..AE; U+2066..9 is E2 81 A6..A9.
            if prev2 == 0xE2 && prev1 == 0x80 && (b == 0x8E || b == 0x8F || (b >= 0xAA && b <= 0xAE)) { return true }
            if prev2 == 0xE2 && prev1 == 0x81 && b >= 0xA6 && b <= 0xA9 { return true }
            prev2 = prev1
            prev1 = b
        }
        return false
    }

    private static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(v >> 4) & 0xF]) + String(digits[Int(v) & 0xF])
    }
}
