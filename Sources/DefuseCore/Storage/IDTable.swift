#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Node id to node index, by open addressing. A slot is 32 bits: the node
/// index, and above it as many bits of the id's hash as fit, so the table
/// of a 100,000-node tree takes half a megabyte and stays in the
/// processor's cache, and a probe reads an id's bytes only when the hash
/// bits agree. Building and probing it makes no strings.
struct IDTable: Sendable {
    /// `tag << indexBits | (index + 1)`, 0 for an empty slot; a power of two of them.
    private(set) var slots: [UInt32]
    private var shift: Int
    private let indexBits: Int
    private(set) var count = 0

    /// A table for about `expected` ids, each below `maxNodes`.
    init(expected: Int, maxNodes: Int) {
        indexBits = min(31, max(1, Int.bitWidth - (maxNodes + 1).leadingZeroBitCount))
        var bits = 4
        while (1 << bits) * 4 < expected * 5 { bits += 1 }
        slots = [UInt32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    /// FNV-1a 64 of the bytes, multiplied by 2^64 / φ, which spreads every
    /// bit of it into the top bits.
    static func hash(_ u: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in u { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    private func home(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> UInt64(shift)) }

    /// The hash bits kept in a slot, in place; bits just below those that
    /// chose the home slot.
    private func tag(_ h: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: h >> UInt64(shift - 32)) & ~((1 << UInt32(indexBits)) - 1)
    }

    private var indexMask: UInt32 { (1 << UInt32(indexBits)) - 1 }

    func find(_ key: UnsafeBufferPointer<UInt8>, nodes: UnsafeBufferPointer<NodeRecord>,
              ids: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard key.count <= Identifier.maxLength else { return nil }
        let h = Self.hash(key)
        return probe(key, hash: h, from: home(h), nodes: nodes, ids: ids).0
    }

    /// Finds `key`, probing from slot `start`: the node index, or nil and
    /// the empty slot where the key would go.
    private func probe(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, from start: Int,
                       nodes: UnsafeBufferPointer<NodeRecord>, ids: UnsafeBufferPointer<UInt8>) -> (Int32?, Int) {
        let tag = tag(h)
        let indexMask = indexMask
        let mask = slots.count - 1
        var i = start
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[i]
                if s == 0 { return (nil, i) }
                if s & ~indexMask == tag {
                    let n = Int(s & indexMask) - 1
                    let id = nodes[n].id
                    if id.count == key.count,
                       key.count == 0 || memcmp(ids.baseAddress! + Int(id.start), key.baseAddress!, key.count) == 0 {
                        return (Int32(n), i)
                    }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds node `index`, whose id is at `id` in `ids`, unless the id is
    /// there: returns the node that already has it, or nil after adding.
    mutating func insert(_ id: TextSpan, index: Int32, nodes: UnsafeBufferPointer<NodeRecord>,
                         ids: UnsafeBufferPointer<UInt8>) -> Int32? {
        if (count + 1) * 5 > slots.count * 4 { grow(nodes: nodes, ids: ids) }
        let key = UnsafeBufferPointer(rebasing: ids[Int(id.start)..<Int(id.end)])
        let h = Self.hash(key)
        let (found, slot) = probe(key, hash: h, from: home(h), nodes: nodes, ids: ids)
        if let found { return found }
        slots[slot] = tag(h) | (UInt32(index) + 1)
        count += 1
        return nil
    }

    private mutating func grow(nodes: UnsafeBufferPointer<NodeRecord>, ids: UnsafeBufferPointer<UInt8>) {
        let old = slots
        slots = [UInt32](repeating: 0, count: old.count * 2)
        shift -= 1
        let indexMask = indexMask
        let mask = slots.count - 1
        for s in old where s != 0 {
            let n = Int(s & indexMask) - 1
            let id = nodes[n].id
            let h = Self.hash(UnsafeBufferPointer(rebasing: ids[Int(id.start)..<Int(id.end)]))
            var i = home(h)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = tag(h) | UInt32(n + 1)
        }
    }
}
