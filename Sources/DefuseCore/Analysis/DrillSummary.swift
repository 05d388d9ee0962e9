/// What a coach wants to know about the words a trainee said in a walk (its
/// branches tried and undone included): how many steps were drilled, the
/// average rating, the slowest answers and the lowest-rated steps.
public struct DrillSummary: Sendable {
    /// A step where words were said, or that was reached in drill mode.
    public struct Answer: Sendable {
        /// Where it is: `step 4` in the walk, or `tried from step 4`.
        public var place: String
        /// The step's 1-based number in the walk, or of the walk's step its branch was tried from.
        public var stepNumber: Int
        public var step: PathDocument.PathStep
    }

    /// Steps reached in drill mode at a node with phrases: the trainee's turns
    /// (the walk's last step only once answered).
    public var turns: [Answer] = []
    /// Every step with words said (in drill mode or not).
    public var answers: [Answer] = []

    /// Turns the trainee moved on from without saying anything.
    public var notDrilled: [Answer] { turns.filter { $0.step.annotations.said == nil } }

    public var ratings: [Int] { answers.compactMap(\.step.annotations.rating) }

    public var averageRating: Double? {
        ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
    }

    /// The answers that took longest, slowest first.
    public func slowest(_ n: Int = 3) -> [Answer] {
        Array(answers.filter { $0.step.annotations.said?.seconds != nil }
            .sorted { ($0.step.annotations.said?.seconds ?? 0) > ($1.step.annotations.said?.seconds ?? 0) }.prefix(n))
    }

    /// The rated answers with the lowest ratings, lowest first.
    public func lowestRated(_ n: Int = 3) -> [Answer] {
        Array(answers.filter { $0.step.annotations.rating != nil }
            .sorted { ($0.step.annotations.rating ?? 0) < ($1.step.annotations.rating ?? 0) }.prefix(n))
    }

    public var isEmpty: Bool { turns.isEmpty && answers.isEmpty }

    /// Whether `step` was a drill turn the trainee moved on from without
    /// answering. The walk's last step (`last`) is not: nobody moved on from it.
    public static func movedOnUnanswered(_ step: PathDocument.PathStep, last: Bool) -> Bool {
        movedOnUnanswered(drill: step.drill, hasPhrases: !step.phrases.isEmpty, answered: step.annotations.said != nil, last: last)
    }

    /// The rule itself, for a step of a live session as for a saved one.
    public static func movedOnUnanswered(drill: Bool, hasPhrases: Bool, answered: Bool, last: Bool) -> Bool {
        drill && hasPhrases && !answered && !last
    }

    public init(_ doc: PathDocument) {
        for (_, top, inBranch, step) in doc.allSteps {
            let place = PathDocument.place(walkStep: top, inBranch: inBranch)
            let answer = Answer(place: place, stepNumber: top + 1, step: step)
            let last = !inBranch && top == doc.steps.count - 1
            if step.drill && !step.phrases.isEmpty && (step.annotations.said != nil || !last) { turns.append(answer) }
            if step.annotations.said != nil { answers.append(answer) }
        }
    }
}
