import DefuseCore

/// A clock for tests: each reading is `step` seconds after the last.
public final class SteppingClock: @unchecked Sendable {
    private var t: Int64
    private let step: Int64

    public init(start: Int64, step: Int64) {
        t = start - step
        self.step = step
    }

    public func next() -> Timestamp {
        t += step
        return Timestamp(seconds: t)
    }
}
