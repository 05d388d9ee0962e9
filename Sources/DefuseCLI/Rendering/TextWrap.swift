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
            if hasWord && used + gap + w > width { breakLine() }
            let lead = hasWord || firstWord ? String(repeating: " ", count: spaces) : ""
            firstWord = false
            // A word longer than what is left of a fresh line is broken.
            if used + lead.count + w > width && !hasWord {
                line += lead
                used += lead.count
                var rest = Substring(word)
                while Renderer.width(rest) > width - used {
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
