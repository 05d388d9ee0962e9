/// The words around a node view ("Say", "What happens next?", outcomes,
/// tones) in the languages the bundled playbook ships in, so a facilitator
/// walking the Greek tree sees a Greek screen. Commands stay English.
struct Chrome: Sendable {
    var say: String
    var next: String
    var outcome: String
    var endHint: String
    /// Quiz mode: the number of hidden phrases goes between these two.
    var hiddenLead: String
    var hiddenTail: String
    var tones: [String: String]
    var outcomes: [String: String]
    var quotes: (String, String) = ("“", "”")

    static func forLanguage(_ code: String?) -> Chrome {
        let primary = code.map { String($0.prefix { $0 != "-" }) } ?? "en"
        return table[primary] ?? table["en"]!
    }

    func tone(_ t: String) -> String { tones[t] ?? t }
    func outcomeName(_ o: String) -> String { outcomes[o] ?? o }

    func hiddenText(_ n: Int) -> String { hiddenLead + String(n) + hiddenTail }

    static let table: [String: Chrome] = [
        "en": Chrome(say: "Say", next: "What happens next?", outcome: "Outcome",
                     endHint: "This is an end: 'back' to try another way, 'restart', or 'open' a tree.",
                     hiddenLead: "Phrases hidden: ", hiddenTail: ". What would you say? Then 'reveal'.",
                     tones: [:], outcomes: [:]),
        "nl": Chrome(say: "Zeg", next: "Wat gebeurt er nu?", outcome: "Uitkomst",
                     endHint: "Hier eindigt het: 'back' voor een andere weg, 'restart', of 'open' een andere boom.",
                     hiddenLead: "Zinnen verborgen: ", hiddenTail: ". Wat zou jij zeggen? Typ daarna 'reveal'.",
                     tones: ["warm": "warm", "firm": "vastberaden", "neutral": "neutraal"],
                     outcomes: ["resolved": "opgelost", "escalated": "doorgezet", "ended": "beëindigd", "safety": "veiligheid"]),
        "es": Chrome(say: "Puedes decir", next: "¿Qué pasa ahora?", outcome: "Resultado",
                     endHint: "Aquí termina: 'back' para probar otro camino, 'restart', u 'open' otro árbol.",
                     hiddenLead: "Frases ocultas: ", hiddenTail: ". ¿Qué dirías tú? Luego, 'reveal'.",
                     tones: ["warm": "cálido", "firm": "firme", "neutral": "neutro"],
                     outcomes: ["resolved": "resuelto", "escalated": "escalado", "ended": "terminado", "safety": "seguridad"],
                     quotes: ("«", "»")),
        "el": Chrome(say: "Πες", next: "Τι γίνεται μετά;", outcome: "Έκβαση",
                     endHint: "Εδώ τελειώνει: 'back' για άλλο δρόμο, 'restart', ή 'open' για άλλο δέντρο.",
                     hiddenLead: "Κρυμμένες φράσεις: ", hiddenTail: ". Εσύ τι θα έλεγες; Μετά, 'reveal'.",
                     tones: ["warm": "ζεστά", "firm": "σταθερά", "neutral": "ουδέτερα"],
                     outcomes: ["resolved": "επιλύθηκε", "escalated": "παραπέμφθηκε", "ended": "τερματίστηκε", "safety": "ασφάλεια"],
                     quotes: ("«", "»")),
        "fi": Chrome(say: "Sano", next: "Mitä seuraavaksi tapahtuu?", outcome: "Lopputulos",
                     endHint: "Polku päättyy tähän: 'back' kokeilee toista tietä, 'restart' alkaa alusta, 'open' avaa toisen puun.",
                     hiddenLead: "Piilotettuja repliikkejä: ", hiddenTail: ". Mitä sinä sanoisit? Sitten 'reveal'.",
                     tones: ["warm": "lämmin", "firm": "jämäkkä", "neutral": "neutraali"],
                     outcomes: ["resolved": "ratkaistu", "escalated": "siirretty eteenpäin", "ended": "päätetty", "safety": "turvallisuus"],
                     quotes: ("”", "”")),
    ]
}
