import DefuseCore

/// `defuse check --strict`: the lint of `Lint` on top of the usual checks.
extension CheckCommand {
    static let strictOptions: [OptionSpec] = [
        OptionSpec(["--strict"], help: "Also lint: boundaries in abusive trees, long phrases, nodes without 'source:' or 'intensity:', phrases the phrasing lists strike."),
        OptionSpec(["--max-steps"], value: "n", help: "With --strict: most choices before a boundary or safety exit in a tree tagged abusive (default 6)."),
        OptionSpec(["--max-phrase-words"], value: "n", help: "With --strict: most words in a phrase (default 30)."),
    ]

    /// The lint options, or nil without `--strict`.
    static func lintOptions(_ args: ParsedArguments) throws(UsageError) -> LintOptions? {
        var options = LintOptions()
        for (key, name) in [("--max-steps", "choices"), ("--max-phrase-words", "words")] {
            guard let text = args.value(key) else { continue }
            guard args.has("--strict") else { throw UsageError("\(key) only applies with --strict", command: "check") }
            guard let n = Int(text), n >= 1 else {
                throw UsageError("bad value '\(Visible.escape(text))' for \(key): use a number of \(name), 1 or more", command: "check")
            }
            if key == "--max-steps" { options.maxSteps = n } else { options.maxPhraseWords = n }
        }
        return args.has("--strict") ? options : nil
    }
}
