/// How heated the customer is at a node (`intensity:`), on a scale a
/// trainer reads at a glance: 0 calm, 1 displeased, 2 upset, 3 angry,
/// 4 hostile, 5 threatening or unsafe.
public struct Intensity: Hashable, Sendable, Comparable {
    public let value: Int

    public static let range = 0...5

    /// The level written in a file: one digit from 0 to 5, nothing else.
    public init?(_ text: String) {
        guard text.utf8.count == 1, let v = Int(text), Self.range.contains(v) else { return nil }
        value = v
    }

    public init?(_ value: Int) {
        guard Self.range.contains(value) else { return nil }
        self.value = value
    }

    /// The English name of each level, 0 to 5 (`Chrome` has the other languages').
    public static let names = ["calm", "displeased", "upset", "angry", "hostile", "threatening"]

    public var name: String { Self.names[value] }

    public static func < (a: Intensity, b: Intensity) -> Bool { a.value < b.value }
}
