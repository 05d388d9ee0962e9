/// Lays out items in columns to fit the width. An item too wide for a
/// line of its own is broken where it must be.
func columns(_ items: [String], width: Int) -> String {
    let width = max(1, width)
    let widest = min(width, (items.map { $0.count }.max() ?? 0) + 2)
    let perRow = max(1, width / max(1, widest))
    var out = ""
    var inRow = 0
    for item in items {
        if item.count + 2 > width {
            if inRow > 0 { out += "\n" }
            inRow = 0
            var rest = Substring(item)
            while !rest.isEmpty {
                out += rest.prefix(width) + "\n"
                rest = rest.dropFirst(width)
            }
            continue
        }
        out += item.padded(widest)
        inRow += 1
        if inRow == perRow {
            out += "\n"
            inRow = 0
        }
    }
    if inRow > 0 { out += "\n" }
    return out
}
