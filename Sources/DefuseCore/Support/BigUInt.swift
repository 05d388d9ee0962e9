/// A small arbitrary-precision unsigned integer: just what exact path counts
/// need (add, multiply by a machine word, compare, decimal text). Limbs are
/// 64-bit, least significant first, with no trailing zero limbs (zero has none).
public struct BigUInt: Hashable, Sendable, Comparable, CustomStringConvertible {
    public private(set) var limbs: [UInt64]

    public init() { limbs = [] }

    public init(_ value: UInt64) {
        limbs = value == 0 ? [] : [value]
    }

    public init(_ value: Int) {
        precondition(value >= 0, "BigUInt cannot hold a negative number")
        self.init(UInt64(value))
    }

    /// Parses decimal digits; nil for anything else (or an empty string).
    public init?(decimal text: String) {
        guard !text.isEmpty else { return nil }
        var value = BigUInt()
        for b in text.utf8 {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value.multiply(by: 10)
            value.add(UInt64(b - 0x30))
        }
        self = value
    }

    public static let zero = BigUInt()
    public static let one = BigUInt(1 as UInt64)

    public var isZero: Bool { limbs.isEmpty }

    /// The value, when it fits in 64 bits.
    public var uint64: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return limbs[0]
        default: return nil
        }
    }

    /// Number of significant bits (0 for zero).
    public var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    private mutating func trim() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    // MARK: Arithmetic

    public mutating func add(_ other: BigUInt) {
        if other.limbs.isEmpty { return }
        if limbs.isEmpty {
            limbs = other.limbs  // shared until either is changed
            return
        }
        if limbs.count < other.limbs.count {
            limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
        }
        var carry: UInt64 = 0
        var i = 0
        let n = other.limbs.count
        do {
            var a = limbs.mutableSpan
            let b = other.limbs.span
            while i < n {
                let (s1, o1) = a[i].addingReportingOverflow(b[i])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                a[i] = s2
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
                i += 1
            }
            carry = Self.ripple(carry, into: &a, from: i)
        }
        if carry != 0 { limbs.append(carry) }
    }

    public mutating func add(_ value: UInt64) {
        if value == 0 { return }
        var a = limbs.mutableSpan
        let carry = Self.ripple(value, into: &a, from: 0)
        if carry != 0 { limbs.append(carry) }
    }

    /// Adds `carry` to `a` from limb `i` on; what is left past the last limb.
    private static func ripple(_ carry: UInt64, into a: inout MutableSpan<UInt64>, from i: Int) -> UInt64 {
        var carry = carry
        var i = i
        while carry != 0 && i < a.count {
            let (s, o) = a[i].addingReportingOverflow(carry)
            a[i] = s
            carry = o ? 1 : 0
            i += 1
        }
        return carry
    }

    /// Subtracts a word; the value must be at least `value`.
    public mutating func subtract(_ value: UInt64) {
        precondition(self >= BigUInt(value), "BigUInt cannot go below zero")
        var borrow = value
        var i = 0
        while borrow != 0 {
            let (d, o) = limbs[i].subtractingReportingOverflow(borrow)
            limbs[i] = d
            borrow = o ? 1 : 0
            i += 1
        }
        trim()
    }

    public mutating func multiply(by factor: UInt64) {
        if factor == 0 || limbs.isEmpty {
            limbs = []
            return
        }
        if factor == 1 { return }
        var carry: UInt64 = 0
        for i in limbs.indices {
            let (high, low) = limbs[i].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[i] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// Divides in place by a nonzero word; returns the remainder.
    @discardableResult
    public mutating func divide(by divisor: UInt64) -> UInt64 {
        precondition(divisor != 0, "division by zero")
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let (q, r) = divisor.dividingFullWidth((high: remainder, low: limbs[i]))
            limbs[i] = q
            remainder = r
            i -= 1
        }
        trim()
        return remainder
    }

    public static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        var r = a
        r.add(b)
        return r
    }

    public static func += (a: inout BigUInt, b: BigUInt) { a.add(b) }

    public static func * (a: BigUInt, b: UInt64) -> BigUInt {
        var r = a
        r.multiply(by: b)
        return r
    }

    /// `self += other * factor`, without a temporary for small factors.
    public mutating func add(_ other: BigUInt, times factor: UInt64) {
        if factor == 0 || other.isZero { return }
        if factor == 1 { add(other); return }
        let n = other.limbs.count
        if limbs.count < n + 1 {
            limbs.append(contentsOf: repeatElement(0, count: n + 1 - limbs.count))
        }
        var carry: UInt64 = 0
        var i = 0
        do {
            var a = limbs.mutableSpan
            let b = other.limbs.span
            while i < n {
                // a[i] + b[i] * factor + carry fits in two words.
                let (high, low) = b[i].multipliedFullWidth(by: factor)
                let (s1, o1) = a[i].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                a[i] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                i += 1
            }
            carry = Self.ripple(carry, into: &a, from: i)
        }
        if carry != 0 { limbs.append(carry) }
        trim()
    }

    // MARK: Comparing

    public static func < (a: BigUInt, b: BigUInt) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] }
            i -= 1
        }
        return false
    }

    // MARK: Text

    /// Decimal digits, without separators.
    public var description: String {
        if limbs.isEmpty { return "0" }
        if limbs.count == 1 { return String(limbs[0]) }
        // Peel off 19 decimal digits at a time.
        let chunk: UInt64 = 10_000_000_000_000_000_000
        var value = self
        var parts: [UInt64] = []
        parts.reserveCapacity(limbs.count * 20 / 19 + 1)
        while !value.isZero {
            parts.append(value.divide(by: chunk))
        }
        var out = String(parts.removeLast())
        for p in parts.reversed() {
            let digits = String(p)
            out += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return out
    }

    /// Digits grouped by thousands with `separator` (1 234 567 or 1,234,567).
    public func grouped(_ separator: String = ",") -> String {
        let digits = Array(description)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(d)
        }
        return out
    }
}
