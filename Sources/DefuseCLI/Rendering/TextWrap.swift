/// Wrapping text to the terminal's width at word boundaries, as everything
/// the session prints is: a word longer than a whole line is broken where it
/// must be. Widths count characters, not the escape sequences of `Style`.
extension Renderer {
    /// `text` in lines of at most `width` columns: the first starting with
    /// `firstIndent` (default `indent`), the others with `indent`. Spaces
    /// between words are kept as written (and the spaces before the first
    /// word), except where a line breaks.
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> String {
        var lines: [String] = []
        var line = firstIndent ?? indent
        var used = Renderer.width(line)
        var hasWord = false
        var spaces = 0
        var firstWord = true
        /// Ends the current line and starts the next with `indent`.
        func breakLine() {
            lines.append(line)
            line = indent
            used = Renderer.width(indent)
            hasWord = false
        }
        func add(_ word: Substring) {
            let w = Renderer.width(word)
            let gap = hasWord || firstWord ? spaces : 0
            // A word that fits on a line goes to the next one when it does not
            // fit on this one; a longer one is broken where it must be, from
            // here (unless little is left of this line).
            if hasWord && used + gap + w > width && (w <= width - Renderer.width(indent) || width - used - gap < 8) {
                breakLine()
            }
            let lead = hasWord || firstWord ? String(repeating: " ", count: spaces) : ""
            firstWord = false
            if used + lead.count + w > width {
                line += lead
                used += lead.count
                var rest = Substring(word)
                while !rest.isEmpty && Renderer.width(rest) > width - used {
                    let (head, tail) = Renderer.split(rest, columns: max(1, width - used))
                    line += head
                    breakLine()
                    rest = tail
                }
                line += rest
                used += Renderer.width(rest)
                hasWord = true
                return
            }
            line += lead + word
            used += lead.count + w
            hasWord = true
        }
        var word = Substring()
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == " " {
                if start < i {
                    word = text[start..<i]
                    add(word)
                    spaces = 0
                }
                spaces += 1
                start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        if start < text.endIndex { add(text[start...]) }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// `text` with each line that is wider than the width wrapped at word
    /// boundaries, its next lines indented two more than it is; lines that
    /// fit are left as they are. For text laid out line by line (lists,
    /// replies), so that nothing runs past the edge of the terminal.
    func fit(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard Renderer.width(line) > width else {
                out.append(String(line))
                continue
            }
            // The line's indentation: its leading spaces, and any style sequences among them.
            var i = line.startIndex
            var inEscape = false
            var spaces = 0
            while i < line.endIndex {
                let ch = line[i]
                if inEscape {
                    if ch == "m" { inEscape = false }
                } else if ch == "\u{1B}" {
                    inEscape = true
                } else if ch == " " {
                    spaces += 1
                } else {
                    break
                }
                i = line.index(after: i)
            }
            let indent = String(repeating: " ", count: min(spaces + 2, width / 2))
            out.append(wrap(String(line[i...]), indent: indent, firstIndent: String(line[..<i])))
        }
        return out.joined(separator: "\n")
    }

    /// How many columns `text` takes: its characters, less the escape
    /// sequences of `Style` (`ESC [ ... m`), which take none.
    static func width<S: StringProtocol>(_ text: S) -> Int {
        var n = 0
        var inEscape = false
        for ch in text.unicodeScalars {
            if inEscape {
                if ch == "m" { inEscape = false }
            } else if ch == "\u{1B}" {
                inEscape = true
            } else {
                n += 1
            }
        }
        return n
    }

    /// `text` cut after `columns` visible characters (never inside an escape sequence).
    static func split(_ text: Substring, columns: Int) -> (Substring, Substring) {
        var n = 0
        var inEscape = false
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if inEscape {
                if ch == "m" { inEscape = false }
            } else if ch == "\u{1B}" {
                inEscape = true
            } else {
                if n == columns { break }
                n += 1
            }
            i = text.index(after: i)
        }
        return (text[..<i], text[i...])
    }
}
