/// A whole percentage, as every count defuse prints shows one (coverage,
/// walks, a report's shares): rounded down, so that 100% always means all
/// and never hides one untried choice or one session.
public enum Percent {
    /// `part` of `whole`, 0 to 100 (0 when `whole` is 0).
    public static func of(_ part: Int, _ whole: Int) -> Int {
        whole <= 0 ? 0 : max(0, min(100, part * 100 / whole))
    }
}
