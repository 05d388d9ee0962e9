import DefuseCore
import DefuseTestSupport
import Testing

/// A small library: two trees with a cross-tree choice, and a Dutch translation.
func sampleLibrary() -> Library {
    let result = loadTexts([
        "a.tree": """
            # Alpha
            ## start: Start here
            Begin.
            * They keep venting -> listen
            * They insult you -> b#calm
            * Café visit -> cafe
            ## listen: Listen
            > I'm listening.
            * They calm down -> done
            * They keep going -> start
            ## cafe: Café
            outcome: resolved
            Coffee.
            ## done: Done
            outcome: resolved
            Fine.
            """,
        "b.tree": """
            # Beta
            ## intro: Intro
            Hello.
            * Go on -> calm
            ## calm: Stay calm
            Breathe.
            * Back to alpha -> a#listen
            * It ends -> end
            ## end: End
            outcome: ended
            Bye.
            """,
        "nl/a.tree": """
            # Alfa
            id: a
            lang: nl
            ## start: Begin hier
            Begin.
            * Ze blijven razen -> listen
            * Ze beledigen je -> b#calm
            * Bezoek aan het café -> cafe
            ## listen: Luisteren
            > Ik luister.
            * Ze bedaren -> done
            * Ze gaan door -> start
            ## cafe: Café
            outcome: resolved
            Koffie.
            ## done: Klaar
            outcome: resolved
            Goed.
            """,
    ])
    precondition(!result.hasErrors, "\(result.diagnostics)")
    return result.library
}

func fixedClock() -> @Sendable () -> Timestamp {
    { Timestamp(seconds: 1_795_000_000) }
}
