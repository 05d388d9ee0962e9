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

