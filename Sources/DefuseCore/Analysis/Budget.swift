#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A limit on work: a number of steps and a wall-clock time, whichever
/// comes first. `spend()` is cheap; the clock is read every 4096 steps.
public struct Budget: Sendable {
    public var maxSteps: Int
    public var seconds: Double
    public private(set) var steps = 0
    public private(set) var exhausted = false
    private var deadline: Double

    public init(maxSteps: Int = Int.max, seconds: Double = .infinity) {
        self.maxSteps = maxSteps
        self.seconds = seconds
        self.deadline = seconds.isFinite ? Budget.now() + seconds : .infinity
    }

    public static var unlimited: Budget { Budget() }

    /// Takes one step; false once the budget is spent.
    public mutating func spend() -> Bool {
        if exhausted { return false }
        steps += 1
        if steps > maxSteps {
            exhausted = true
            return false
        }
        if steps & 4095 == 0, deadline.isFinite, Budget.now() > deadline {
            exhausted = true
            return false
        }
        return true
    }

    /// Seconds on a monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
