/// What a set of walks reached.
public struct WalkSummary: Sendable {
    /// Outcome (nil: an end node without one), how many walks ended there,
    /// most first, and the mean of those walks' peak intensity (nil when
    /// their nodes have no `intensity:`).
    public var outcomes: [(outcome: String?, walks: Int, meanPeakIntensity: Double?)]
    public var unfinished: Int
    public var minSteps: Int
    public var maxSteps: Int
    public var meanSteps: Double
    public var distinctNodes: Int

    /// The summary of `walks`; with `library`, the peak intensity of each.
    public init(_ walks: [RandomWalk], library: Library? = nil) {
        var counts: [String: Int] = [:]
        var none = 0
        // Per outcome ("" for none): the sum and number of the walks' peaks.
        var peaks: [String: (sum: Int, walks: Int)] = [:]
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
            if w.finished, let library, let peak = w.nodes.compactMap({ library.node($0).intensity?.value }).max() {
                let key = w.outcome ?? ""
                peaks[key, default: (0, 0)].sum += peak
                peaks[key, default: (0, 0)].walks += 1
            }
            lo = min(lo, w.steps)
            hi = max(hi, w.steps)
            sum += w.steps
            for n in w.nodes { nodes.insert(n) }
        }
        var list: [(String?, Int)] = counts.map { ($0.key, $0.value) }
        if none > 0 { list.append((nil, none)) }
        list.sort { a, b in a.1 != b.1 ? a.1 > b.1 : (a.0 ?? "\u{10FFFF}") < (b.0 ?? "\u{10FFFF}") }
        outcomes = list.map { o, n in
            let p = peaks[o ?? ""]
            return (outcome: o, walks: n, meanPeakIntensity: p.map { Double($0.sum) / Double($0.walks) })
        }
        self.unfinished = unfinished
        minSteps = walks.isEmpty ? 0 : lo
        maxSteps = hi
        meanSteps = walks.isEmpty ? 0 : Double(sum) / Double(walks.count)
        distinctNodes = nodes.count
    }
}
