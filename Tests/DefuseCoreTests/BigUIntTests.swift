import DefuseCore
import DefuseTestSupport
import Testing

@Suite struct BigUIntTests {
    func power(_ base: UInt64, _ exponent: Int) -> BigUInt {
        var v = BigUInt.one
        for _ in 0..<exponent { v.multiply(by: base) }
        return v
    }

    @Test func carriesAcrossLimbs() {
        var v = BigUInt(UInt64.max)
        v.add(1)
        #expect(v.limbs == [0, 1])
        #expect(v.description == "18446744073709551616")
        var w = BigUInt(UInt64.max)
        w.add(BigUInt(UInt64.max))
        #expect(w.description == "36893488147419103230")
        // A carry that ripples through several full limbs.
        var x = power(2, 192)
        x.subtract(1)  // three limbs of all ones
        #expect(x.limbs == [UInt64.max, UInt64.max, UInt64.max])
        x.add(BigUInt.one)
        #expect(x == power(2, 192))
        x.subtract(1)
        #expect(x.limbs.count == 3)
    }

    @Test func knownPowers() {
        #expect(power(2, 64).description == "18446744073709551616")
        #expect(power(2, 128).description == "340282366920938463463374607431768211456")
        #expect(power(2, 200).description == "1606938044258990275541962092341162602522202993782792835301376")
        #expect(power(3, 100).description == "515377520732011331036461129765621272702107522001")
        #expect(power(10, 40).description == "1" + String(repeating: "0", count: 40))
        #expect(BigUInt().description == "0")
        #expect(power(2, 64).bitWidth == 65)
    }

    @Test func decimalRoundTripAndOrder() {
        var rng = SeededGenerator(seed: 7)
        var previous = BigUInt()
        for length in 1...120 {
            var digits = String(rng.below(9) + 1)
            for _ in 1..<length { digits += String(rng.below(10)) }
            let v = try! #require(BigUInt(decimal: digits))
            #expect(v.description == digits)
            #expect(previous < v, "shorter numbers are smaller")
            #expect(!(v < v))
            previous = v
        }
        #expect(BigUInt(decimal: "12a") == nil)
        #expect(BigUInt(decimal: "") == nil)
        #expect(BigUInt(1234567).grouped() == "1,234,567")
    }

    @Test func multiplyThenDivideIsIdentity() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            var v = BigUInt(rng.next())
            for _ in 0..<rng.below(6) { v.multiply(by: rng.next() | 1) }
            let factor = rng.next() | 1
            var w = v * factor
            let remainder = w.divide(by: factor)
            #expect(remainder == 0)
            #expect(w == v)
            var sum = v
            sum.add(v, times: 3)
            #expect(sum == v * 4)
        }
    }
}

/// Every path from node 0 that repeats no node, by plain recursion (small graphs only).
func bruteForce(_ adjacency: [[Int]], outcomes: [Int: String]) -> (paths: [[Int]], byOutcome: [String?: Int]) {
    var paths: [[Int]] = []
    var byOutcome: [String?: Int] = [:]
    var onPath = Set<Int>()
    func go(_ path: [Int]) {
        let v = path.last!
        if adjacency[v].isEmpty {
            paths.append(path)
            byOutcome[outcomes[v], default: 0] += 1
            return
        }
        var seen = Set<Int>()
        for t in adjacency[v] where !onPath.contains(t) && seen.insert(t).inserted {
            onPath.insert(t)
            go(path + [t])
            onPath.remove(t)
        }
    }
    onPath.insert(0)
    go([0])
    return (paths, byOutcome)
}

func randomGraph(_ rng: inout SeededGenerator, nodes n: Int, cycles: Bool) -> ([[Int]], [Int: String]) {
    var adjacency = [[Int]](repeating: [], count: n)
    var outcomes: [Int: String] = [:]
    let names = ["resolved", "escalated", "ended", "safety"]
    for v in 0..<n {
        // About a quarter of the nodes end (never the start, so paths get long).
        if v > 0 && rng.below(4) == 0 {
            if rng.below(5) > 0 { outcomes[v] = names[rng.below(names.count)] }
            continue
        }
        for _ in 0..<(1 + rng.below(3)) {
            if cycles {
                adjacency[v].append(rng.below(n))  // self-loops and duplicates included
            } else if v + 1 < n {
                adjacency[v].append(v + 1 + rng.below(n - v - 1))
            }
        }
        if !cycles && v == n - 1 { outcomes[v] = "resolved" }
    }
    return (adjacency, outcomes)
}
