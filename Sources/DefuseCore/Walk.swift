/// xoshiro256** seeded through SplitMix64: a small, fast generator whose
/// sequence depends only on the seed, so a seed gives the same walks on
/// every run and every platform (unlike `SystemRandomNumberGenerator`).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform number in `0..<bound` (Lemire's method, with rejection),
    /// spelled out here so it cannot change with the standard library.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var (high, low) = next().multipliedFullWidth(by: b)
        if low < b {
            let threshold = (0 &- b) % b
            while low < threshold {
                (high, low) = next().multipliedFullWidth(by: b)
            }
        }
        return Int(high)
    }
}

/// One random walk: the nodes visited and the choices taken.
public struct RandomWalk: Hashable, Sendable {
    public var nodes: [NodeRef]
    /// Index of the choice taken at each node but the last.
    public var choices: [Int32]
    /// The outcome of the end node reached (nil when it has none, or when
    /// the walk was cut off).
    public var outcome: String?
    /// False when the walk hit the step limit (or a choice that leads nowhere) before an end.
    public var finished: Bool

    public var steps: Int { choices.count }
}

/// Random walks from a start node to an end node: at each node one of its
/// choices is picked uniformly. Walks may revisit nodes (a conversation can
/// go round in circles); `maxSteps` bounds each one.
public struct Walker {
    public let library: Library
    public var maxSteps: Int

    public init(library: Library, maxSteps: Int = 1000) {
        self.library = library
        self.maxSteps = maxSteps
    }

    public func walk(from start: NodeRef, using rng: inout SeededGenerator) -> RandomWalk {
        var nodes = [start]
        var choices: [Int32] = []
        var here = start
        while true {
            let node = library.node(here)
            if node.isEnd {
                return RandomWalk(nodes: nodes, choices: choices, outcome: node.outcome, finished: true)
            }
            if choices.count >= maxSteps {
                return RandomWalk(nodes: nodes, choices: choices, outcome: nil, finished: false)
            }
            let i = rng.below(node.choices.count)
            guard let next = node.choices[i].resolved else {
                return RandomWalk(nodes: nodes, choices: choices + [Int32(i)], outcome: nil, finished: false)
            }
            choices.append(Int32(i))
            nodes.append(next)
            here = next
        }
    }

    /// `count` walks from one generator seeded with `seed`.
    public func walks(from start: NodeRef, count: Int, seed: UInt64) -> [RandomWalk] {
        var rng = SeededGenerator(seed: seed)
        var out: [RandomWalk] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(walk(from: start, using: &rng)) }
        return out
    }
}

/// What a set of walks reached.
public struct WalkSummary: Sendable {
    /// Outcome (nil: an end node without one) and how many walks ended there, most first.
    public var outcomes: [(outcome: String?, walks: Int)]
    public var unfinished: Int
    public var minSteps: Int
    public var maxSteps: Int
    public var meanSteps: Double
    public var distinctNodes: Int

    public init(_ walks: [RandomWalk]) {
        var counts: [String: Int] = [:]
        var none = 0
        var unfinished = 0
        var lo = Int.max, hi = 0, sum = 0
        var nodes = Set<NodeRef>()
        for w in walks {
            if !w.finished {
                unfinished += 1
            } else if let o = w.outcome {
                counts[o, default: 0] += 1
            } else {
                none += 1
            }
            lo = min(lo, w.steps)
            hi = max(hi, w.steps)
            sum += w.steps
            for n in w.nodes { nodes.insert(n) }
        }
        var list: [(String?, Int)] = counts.map { ($0.key, $0.value) }
        if none > 0 { list.append((nil, none)) }
        list.sort { a, b in a.1 != b.1 ? a.1 > b.1 : (a.0 ?? "\u{10FFFF}") < (b.0 ?? "\u{10FFFF}") }
        outcomes = list.map { (outcome: $0.0, walks: $0.1) }
        self.unfinished = unfinished
        minSteps = walks.isEmpty ? 0 : lo
        maxSteps = hi
        meanSteps = walks.isEmpty ? 0 : Double(sum) / Double(walks.count)
        distinctNodes = nodes.count
    }
}
