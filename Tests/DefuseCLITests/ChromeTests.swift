@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

/// The words around a node in each language (`Chrome`) are the glossary's
/// (`Trees/GLOSSARY.md`, the tables "Outcomes, tones and intensity" and
/// "Words the tool shows around a node"): a translator changes them in both.
@Suite struct ChromeTests {
    static let languages = ["en", "nl", "es", "el", "fi"]

    /// The rows of the glossary tables under `heading`: English → language → word.
    func table(_ heading: String) -> [String: [String: String]] {
        let text = fileText(packageRoot + "/Trees/GLOSSARY.md") ?? ""
        guard let start = text.firstRange(of: "### " + heading + "\n") else {
            Issue.record("no section '\(heading)' in the glossary")
            return [:]
        }
        var rows: [String: [String: String]] = [:]
        var columns: [String] = []
        for line in text[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { String($0.trimmingASCIIWhitespace()) }
            if columns.isEmpty { columns = cells; continue }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" } }) { continue }
            var row: [String: String] = [:]
            for (column, cell) in zip(columns, cells) { row[column] = cell }
            rows[cells[0]] = row
        }
        return rows
    }

    @Test func theWordsAroundANodeAreTheGlossarys() {
        let words = table("Words the tool shows around a node")
        let levels = table("Outcomes, tones and intensity")
        let en = Chrome.table["en"]!
        var used: Set<String> = []
        for lang in Self.languages {
            let c = Chrome.table[lang]!
            func same(_ english: String, _ mine: String, in rows: [String: [String: String]] = words) {
                used.insert(english)
                #expect(rows[english]?[lang] == mine, "\(lang): '\(english)' is '\(mine)' in Chrome, '\(rows[english]?[lang] ?? "nothing")' in the glossary")
            }
            for (english, mine) in [(en.say, c.say), (en.next, c.next), (en.outcome, c.outcome), (en.endHint, c.endHint),
                                    (en.hiddenTail, c.hiddenTail), (en.customer, c.customer), (en.yourTurn, c.yourTurn),
                                    (en.youSaid, c.youSaid), (en.rateHint, c.rateHint), (en.whatWouldYouSay, c.whatWouldYouSay),
                                    (en.answer, c.answer), (en.sessionEnded, c.sessionEnded), (en.waiting, c.waiting),
                                    (en.nextSession, c.nextSession), (en.phrase, c.phrase)] {
                same(english, mine)
            }
            // The number of hidden phrases stands where the glossary has "…".
            same(en.hiddenLead + "…", c.hiddenLead + "…")
            for tone in ["warm", "firm", "neutral"] { same(tone, c.tone(tone), in: levels) }
            for outcome in ["resolved", "escalated", "ended", "safety"] { same(outcome, c.outcomeName(outcome), in: levels) }
            for i in 0...5 { same("\(i) \(en.intensities[i])", "\(i) \(c.intensities[i])", in: levels) }
        }
        // And the glossary lists no word the tool no longer shows.
        #expect(Set(words.keys).subtracting(used).isEmpty, "\(Set(words.keys).subtracting(used))")
    }
}
