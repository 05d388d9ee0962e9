/// Text from a tree made safe for Markdown: terminal controls made visible,
/// the characters Markdown gives a meaning escaped.
public enum Markdown {
    public static func escape(_ text: String) -> String {
        let safe = Visible.escape(text)
        var out = ""
        out.reserveCapacity(safe.utf8.count + 8)
        var atStart = true
        let all = Array(safe)
        for (i, ch) in all.enumerated() {
            var chars = all[(i + 1)...].makeIterator()
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "$":
                out += "\\"
                out.append(ch)
            case "#", "-", "+", "=":
                // Only at the start of a line do they make a heading or a list.
                if atStart { out += "\\" }
                out.append(ch)
            case "&":
                // Only `&name;` or `&#1;` would be read as an entity.
                if let next = chars.next(), next.isLetter || next == "#" { out += "\\&" } else { out += "&" }
            default:
                out.append(ch)
            }
            atStart = false
        }
        // `1. ` at the start would become a list.
        if let first = out.first, first.isASCII, first.isNumber {
            var digits = out.prefix { $0.isASCII && $0.isNumber }
            let rest = out.dropFirst(digits.count)
            if rest.hasPrefix(".") || rest.hasPrefix(")") {
                digits += "\\"
                return String(digits) + String(rest)
            }
        }
        return out
    }

    /// Inline code, with a fence long enough for any backticks inside.
    public static func code(_ text: String) -> String {
        let safe = Visible.escape(text)
        var longest = 0, run = 0
        for ch in safe {
            if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return fence + pad + safe + pad + fence
    }
}
