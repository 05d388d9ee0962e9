/// Lays out items in columns to fit the width.
func columns(_ items: [String], width: Int) -> String {
    let widest = (items.map { $0.count }.max() ?? 0) + 2
    let perRow = max(1, width / max(1, widest))
    var out = ""
    for (i, item) in items.enumerated() {
        out += item.padded(widest)
        if (i + 1) % perRow == 0 || i == items.count - 1 { out += "\n" }
    }
    return out
}
