import DefuseCore

/// The words around a node view ("Say", "What happens next?", outcomes,
/// tones, the customer's intensity, drill mode) in the languages the bundled
/// playbook ships in, so a facilitator walking the Greek tree sees a Greek
/// screen. Commands stay English. `Trees/GLOSSARY.md` lists the same words
/// (a test keeps the two in step).
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
    /// The label before the customer's intensity, and the name of each level 0 to 5.
    var customer: String
    var intensities: [String]
    /// Drill mode: the trainee's turn, what they said, and the rating hint.
    var yourTurn: String
    var youSaid: String
    var rateHint: String
    /// The audience view: while phrases are hidden, the trainee's words, the end.
    var whatWouldYouSay: String
    var answer: String
    var sessionEnded: String
    var waiting: String
    var nextSession: String
    /// After the trainee's words, which playbook phrase they were: "(phrase 2, 12 s)".
    var phrase: String

    static func forLanguage(_ code: String?) -> Chrome {
        let primary = code.map { String($0.prefix { $0 != "-" }) } ?? "en"
        return table[primary] ?? table["en"]!
    }

    func tone(_ t: String) -> String { tones[t] ?? t }
    func outcomeName(_ o: String) -> String { outcomes[o] ?? o }
    func intensityName(_ i: Intensity) -> String { intensities[i.value] }

    func hiddenText(_ n: Int) -> String { hiddenLead + String(n) + hiddenTail }

    static let table: [String: Chrome] = [
        "en": Chrome(say: "Say", next: "What happens next?", outcome: "Outcome",
                     endHint: "This is an end: 'back' to try another way, 'restart', or 'open' a tree.",
                     hiddenLead: "Phrases hidden: ", hiddenTail: ". What would you say? Then 'reveal'.",
                     tones: [:], outcomes: [:],
                     customer: "Customer", intensities: ["calm", "displeased", "upset", "angry", "hostile", "threatening"],
                     yourTurn: "Your turn: what would you say? 'say' your words, then compare.",
                     youSaid: "You said", rateHint: "How close was it? 'rate 1' (far) to 'rate 5' (as the playbook says).",
                     whatWouldYouSay: "What would you say?", answer: "Answer",
                     sessionEnded: "The session has ended.", waiting: "Waiting for the first step…", nextSession: "Waiting for the next session…", phrase: "phrase"),
        "nl": Chrome(say: "Zeg", next: "Wat gebeurt er nu?", outcome: "Afloop",
                     endHint: "Dit is een eindpunt: 'back' om het anders te proberen, 'restart' om opnieuw te beginnen of 'open' voor een andere boom.",
                     hiddenLead: "Verborgen zinnen: ", hiddenTail: ". Wat zou jij zeggen? Typ daarna 'reveal'.",
                     tones: ["warm": "warm", "firm": "beslist", "neutral": "zakelijk"],
                     outcomes: ["resolved": "opgelost", "escalated": "overgedragen", "ended": "beëindigd", "safety": "veiligheid"],
                     customer: "Klant", intensities: ["kalm", "ontevreden", "geërgerd", "boos", "vijandig", "dreigend"],
                     yourTurn: "Jouw beurt: wat zou jij zeggen? Typ 'say' gevolgd door je woorden en vergelijk daarna.",
                     youSaid: "Jij zei", rateHint: "Hoe dicht zat je erbij? Van 'rate 1' (ver ernaast) tot 'rate 5' (zoals het draaiboek zegt).",
                     whatWouldYouSay: "Wat zou jij zeggen?", answer: "Antwoord",
                     sessionEnded: "De sessie is afgelopen.", waiting: "Wachten op de eerste stap…", nextSession: "Wachten op de volgende sessie…", phrase: "zin"),
        "es": Chrome(say: "Di", next: "¿Qué ocurre después?", outcome: "Resultado",
                     endHint: "Fin del recorrido: 'back' para probar otro camino, 'restart' para empezar de nuevo u 'open' para abrir un árbol.",
                     hiddenLead: "Frases ocultas: ", hiddenTail: ". ¿Qué dirías tú? Después, escribe 'reveal'.",
                     tones: ["warm": "tono cálido", "firm": "tono firme", "neutral": "tono neutro"],
                     outcomes: ["resolved": "resuelto", "escalated": "derivado", "ended": "terminado", "safety": "seguridad"],
                     quotes: ("«", "»"),
                     customer: "Cliente", intensities: ["tranquilo", "descontento", "molesto", "irritado", "hostil", "amenazante"],
                     yourTurn: "Te toca: ¿qué dirías tú? Escribe 'say' y tus palabras, y luego compara.",
                     youSaid: "Dijiste", rateHint: "¿Cuánto te acercaste? De 'rate 1' (lejos) a 'rate 5' (como dice la guía).",
                     whatWouldYouSay: "¿Qué dirías tú?", answer: "Respuesta",
                     sessionEnded: "La sesión ha terminado.", waiting: "Esperando el primer paso…", nextSession: "Esperando la siguiente sesión…", phrase: "frase"),
        "el": Chrome(say: "Πες", next: "Τι γίνεται μετά;", outcome: "Έκβαση",
                     endHint: "Τέλος διαδρομής: 'back' για άλλο δρόμο, 'restart' για να ξεκινήσεις ξανά ή 'open' για άλλο δέντρο.",
                     hiddenLead: "Κρυμμένες φράσεις: ", hiddenTail: ". Εσύ τι θα έλεγες; Μετά γράψε 'reveal'.",
                     tones: ["warm": "ζεστά", "firm": "σταθερά", "neutral": "ουδέτερα"],
                     outcomes: ["resolved": "επιλύθηκε", "escalated": "προωθήθηκε", "ended": "τερματίστηκε", "safety": "ασφάλεια"],
                     quotes: ("«", "»"),
                     customer: "Πελάτης", intensities: ["ήρεμος", "δυσαρεστημένος", "αναστατωμένος", "θυμωμένος", "εχθρικός", "απειλητικός"],
                     yourTurn: "Σειρά σου: εσύ τι θα έλεγες; Γράψε 'say' και τα λόγια σου, και μετά σύγκρινε με τον οδηγό.",
                     youSaid: "Είπες", rateHint: "Πόσο κοντά ήσουν; Από 'rate 1' (μακριά) έως 'rate 5' (όπως λέει ο οδηγός).",
                     whatWouldYouSay: "Εσύ τι θα έλεγες;", answer: "Απάντηση",
                     sessionEnded: "Η συνεδρία τελείωσε.", waiting: "Αναμονή για το πρώτο βήμα…", nextSession: "Αναμονή για την επόμενη συνεδρία…", phrase: "φράση"),
        "fi": Chrome(say: "Sano", next: "Mitä seuraavaksi tapahtuu?", outcome: "Lopputulos",
                     endHint: "Polku päättyy tähän: 'back' palaa kokeilemaan toista tapaa, 'restart' aloittaa alusta, 'open' avaa toisen puun.",
                     hiddenLead: "Piilotettuja repliikkejä: ", hiddenTail: ". Mitä sinä sanoisit? Kirjoita sitten 'reveal'.",
                     tones: ["warm": "lämpimästi", "firm": "jämäkästi", "neutral": "asiallisesti"],
                     outcomes: ["resolved": "ratkaistu", "escalated": "siirretty eteenpäin", "ended": "päättynyt", "safety": "turvatoimet"],
                     quotes: ("”", "”"),
                     customer: "Asiakas", intensities: ["rauhallinen", "tyytymätön", "harmissaan", "vihainen", "vihamielinen", "uhkaava"],
                     yourTurn: "Sinun vuorosi: mitä sinä sanoisit? Kirjoita 'say' ja omat sanasi. Vertaa sitten ohjeen repliikkeihin.",
                     youSaid: "Sanoit", rateHint: "Kuinka lähelle osuit? 'rate 1' (kaukana) – 'rate 5' (kuten ohjeessa).",
                     whatWouldYouSay: "Mitä sinä sanoisit?", answer: "Vastaus",
                     sessionEnded: "Harjoitus on päättynyt.", waiting: "Odotetaan harjoituksen alkua…", nextSession: "Odotetaan seuraavaa harjoitusta…", phrase: "repliikki"),
    ]
}
