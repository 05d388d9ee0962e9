/// Text for roff, the language of man pages: escaped so that nothing in a
/// help text is read as a request or an escape, and laid out with the `man`
/// macros.
enum Roff {
    /// Text with backslashes, hyphens (as minus signs, so options copy and
    /// search as typed), double quotes and every non-ASCII character escaped:
    /// by a name that terminals without UTF-8 can show too where groff has
    /// one, else by its code point.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\"": out += "\\(dq"
            case "\t": out += " "
            case "\u{2026}": out += "..."
            case "\u{2014}": out += "\\(em"
            case "\u{2013}": out += "\\(en"
            case "\u{2018}": out += "\\(oq"
            case "\u{2019}": out += "\\(cq"
            case "\u{201C}": out += "\\(lq"
            case "\u{201D}": out += "\\(rq"
            case "\u{2192}": out += "\\(->"
            default:
                if scalar.isASCII {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            }
        }
        return out
    }

    /// Lines of running text: each escaped, without leading blanks (a break
    /// in roff), and with `\&` before a leading `.` or `'` (a request).
    static func lines(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.isEmpty else { continue }
            let escaped = escape(String(trimmed))
            out += (escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" : "") + escaped + "\n"
        }
        return out
    }

    /// Text that may hold examples: lines indented by two spaces or more are
    /// set as they are, the rest as paragraphs (how `--help` texts are laid out).
    static func discussion(_ text: String) -> String {
        var out = ""
        var literal = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indented = line.hasPrefix("  ") && !line.allSatisfy { $0 == " " }
            if indented != literal {
                out += indented ? ".PP\n.RS 4\n.nf\n" : ".fi\n.RE\n.PP\n"
                literal = indented
            }
            if line.allSatisfy({ $0 == " " }) {
                if !literal { out += ".PP\n" }
                continue
            }
            out += literal ? protect(escape(String(line.dropFirst(2)))) + "\n" : lines(String(line))
        }
        if literal { out += ".fi\n.RE\n" }
        return out
    }

    /// A usage line in the man style: option names bold, placeholders
    /// (`<path>`, `TREE`, `FILE.json`) italic, the rest roman.
    static func usage(_ text: String) -> String {
        var out = ""
        var i = text.startIndex
        func isWordStart(_ i: String.Index) -> Bool {
            i == text.startIndex || " [|(".contains(text[text.index(before: i)])
        }
        while i < text.endIndex {
            let c = text[i]
            if c == "<", let close = text[i...].firstIndex(of: ">") {
                out += "\\fI" + escape(String(text[text.index(after: i)..<close])) + "\\fR"
                i = text.index(after: close)
            } else if c == "-", isWordStart(i) {
                let end = text[i...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "-") } ?? text.endIndex
                out += "\\fB" + escape(String(text[i..<end])) + "\\fR"
                i = end
            } else if c.isUppercase, c.isASCII, isWordStart(i) || text[text.index(before: i)] == "#" {
                let end = text[i...].firstIndex { !($0.isUppercase || $0 == "_") } ?? text.endIndex
                out += "\\fI" + escape(String(text[i..<end])) + "\\fR"
                i = end
            } else {
                out += escape(String(c))
                i = text.index(after: i)
            }
        }
        return protect(out)
    }

    static func protect(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }
}
