/// "Did you mean ...?": the closest candidate by edit distance, if close enough.
public func nearest(_ word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased().unicodeScalars)
    guard !w.isEmpty else { return nil }
    var best: String?
    var bestDistance = Int.max
    for candidate in candidates {
        let c = Array(candidate.lowercased().unicodeScalars)
        // Cheap bound: lengths too far apart cannot be close.
        if abs(c.count - w.count) > max(2, w.count / 3) { continue }
        let d = editDistance(w, c)
        if d < bestDistance {
            bestDistance = d
            best = candidate
        }
    }
    let allowed = max(1, min(3, w.count / 3))
    return bestDistance <= allowed ? best : nil
}

/// Levenshtein distance with adjacent transpositions counting as one edit.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prevPrev = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                v = min(v, prevPrev[j - 2] + 1)
            }
            cur[j] = v
        }
        (prevPrev, prev, cur) = (prev, cur, prevPrev)
    }
    return prev[b.count]
}
