/// Mermaid text: labels inside double quotes, with entity codes for the
/// characters Mermaid or Markdown would read.
public enum Mermaid {
    public static func label(_ text: String) -> String {
        var out = ""
        for ch in Visible.escape(text) {
            switch ch {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            case "|": out += "#124;"
            case "*": out += "#42;"
            case "_": out += "#95;"
            case "[": out += "#91;"
            case "]": out += "#93;"
            case "{": out += "#123;"
            case "}": out += "#125;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A class name for an outcome (letters only).
    public static func outcomeClass(_ outcome: String) -> String {
        let letters = outcome.lowercased().unicodeScalars.filter { $0.value >= 0x61 && $0.value <= 0x7A }
        return "outcome" + (letters.isEmpty ? "end" : String(String.UnicodeScalarView(letters)))
    }

    public static func outcomeStyle(_ outcome: String) -> String {
        switch outcome {
        case "resolved": return "fill:#d4edda,stroke:#28a745,color:#155724"
        case "escalated": return "fill:#fff3cd,stroke:#d39e00,color:#856404"
        case "safety": return "fill:#f8d7da,stroke:#dc3545,color:#721c24"
        default: return "fill:#e2e3e5,stroke:#6c757d,color:#383d41"
        }
    }

    /// The colour of an outcome in Graphviz.
    public static func dotColor(_ outcome: String) -> String {
        switch outcome {
        case "resolved": return "#d4edda"
        case "escalated": return "#fff3cd"
        case "safety": return "#f8d7da"
        default: return "#e2e3e5"
        }
    }
}
