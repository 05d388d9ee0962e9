/// UTF-8 validation over raw bytes, reporting where the first bad byte is.
enum UTF8Check {
    /// The index of the first byte of an invalid sequence in `bytes[range]`, or nil.
    static func firstInvalid(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        // ASCII fast path, eight bytes at a time.
        while i < end {
            if i + 8 <= end {
                let word = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            if i + need >= end { return i }  // truncated sequence
            let b1 = p[i + 1]
            if b1 < lo || b1 > hi { return i }
            var k = 2
            while k <= need {
                let b = p[i + k]
                if b < 0x80 || b > 0xBF { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// Number of Unicode scalars in a valid (or repaired) UTF-8 byte range.
    static func scalarCount(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var n = 0
        var i = start
        // Eight bytes at a time: a continuation byte is 0b10xxxxxx.
        if let base = p.baseAddress {
            while i + 8 <= end {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                n += 8 - (w & ~(w << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                i += 8
            }
        }
        while i < end {
            if p[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }
}

extension UTF8Check {
    /// The index of the first byte of an invalid sequence in `bytes`, or nil.
    static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalid($0, 0, $0.count) }
    }
}
