/// How heated the customer was at each step of a walk (the nodes'
/// `intensity:`, nil where a node has none), and what a coach reads off it:
/// the peak, where the walk ended, and the curve at a glance.
public struct IntensityCurve: Hashable, Sendable {
    public var values: [Int?]

    public init(_ values: [Int?]) {
        self.values = values
    }

    /// Whether no step has an intensity.
    public var isEmpty: Bool { values.allSatisfy { $0 == nil } }

    /// The highest intensity and the first step (0-based) that reached it.
    public var peak: (value: Int, step: Int)? {
        var best: (value: Int, step: Int)?
        for (i, v) in values.enumerated() {
            if let v, v > (best?.value ?? -1) { best = (v, i) }
        }
        return best
    }

    /// The intensity of the last step, if it has one.
    public var final: Int? { values.last ?? nil }

    /// One block a step, its height the intensity (`▁▂▃▄▆█` for 0 to 5), `·`
    /// where a step has none.
    public var sparkline: String {
        String(values.map { v -> Character in v.map { Self.blocks[min(max($0, 0), 5)] } ?? "·" })
    }

    /// One digit a step, `-` where a step has none: for plain text.
    public var digits: String {
        String(values.map { v -> Character in v.map { Character(String(min(max($0, 0), 9))) } ?? "-" })
    }

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▆", "█"]
}
