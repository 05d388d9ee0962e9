/// What typed words of a label matched.
public enum ChoiceMatch: Hashable, Sendable {
    case one(Int)
    case ambiguous([Int])
    case none
}
