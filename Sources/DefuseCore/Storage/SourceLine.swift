#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a `.tree` file as the grammar reads it: its number and its
/// text between the blanks around it (spaces, tabs and a carriage return),
/// read by offset: 0 is the first non-blank byte, `count` is past the last.
/// The grammar learns what a line means from these bytes; where they sit in
/// memory stays here.
struct SourceLine {
    // Kept small (it is made for every line): 32-bit numbers, and a pointer
    // to offset 0 with that offset's place in the file.
    private let numbers: (number: Int32, count: Int32, column: Int32, length: Int32, invalid: Int32, nul: Int32)
    /// The byte at offset 0, and its index in the file.
    private let base: UnsafePointer<UInt8>
    private let start: Int

    /// The line's number, from 1.
    var number: Int { Int(numbers.number) }
    /// The number of bytes between the blanks.
    var count: Int { Int(numbers.count) }
    /// The 1-based column of offset 0 (leading blanks are ASCII, one column each).
    var column: Int { Int(numbers.column) }
    /// The whole line's length in bytes, blanks included.
    var length: Int { Int(numbers.length) }
    /// The offset of the first invalid UTF-8 sequence, if any.
    var invalidUTF8: Int? { numbers.invalid < 0 ? nil : Int(numbers.invalid) }
    /// The offset of the first NUL byte, if any.
    var nul: Int? { numbers.nul < 0 ? nil : Int(numbers.nul) }

    var isEmpty: Bool { numbers.count == 0 }

    /// The byte at offset `i` (`0 <= i < count`).
    @inline(__always)
    subscript(i: Int) -> UInt8 { base[i] }

    /// The byte at offset `i`, or 0 past the end of the line.
    @inline(__always)
    func peek(_ i: Int) -> UInt8 { i < count ? base[i] : 0 }

    /// Whether the byte at `i` (`0 <= i < count`) is a space or a tab.
    @inline(__always)
    func isBlank(_ i: Int) -> Bool {
        let b = self[i]
        return b == 0x20 || b == 0x09
    }

    /// The first offset at or after `i` that is not a space or a tab.
    @inline(__always)
    func skipBlanks(from i: Int) -> Int {
        var k = i
        while k < count && isBlank(k) { k += 1 }
        return k
    }

    /// `range` without the spaces and tabs at its ends.
    @inline(__always)
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var s = range.lowerBound
        var e = range.upperBound
        while s < e && isBlank(s) { s += 1 }
        while e > s && isBlank(e - 1) { e -= 1 }
        return s..<e
    }

    /// The 1-based column of offset `i`, counting Unicode scalars.
    func column(at i: Int) -> Int {
        column + UTF8Check.scalarCount(UnsafeBufferPointer(start: base, count: i), 0, i)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// Where `range` is in the file, for the tree store.
    @inline(__always)
    func span(_ range: Range<Int>) -> TextSpan {
        TextSpan(start + range.lowerBound, start + range.upperBound)
    }

    /// The bytes in `range`.
    func bytes(_ range: Range<Int>) -> some Collection<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Whether the bytes in `range` spell `word`.
    func spells(_ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount
            && (range.isEmpty || memcmp(base + range.lowerBound, word.utf8Start, range.count) == 0)
    }
}

/// What reads the lines of a file: the grammar.
protocol LineReader: ~Copyable {
    /// Set once reading should stop (too many errors).
    var stopped: Bool { get }
    mutating func read(_ line: SourceLine)
    /// The file has no bytes (but for a byte order mark).
    mutating func emptyFile()
    /// The file has a NUL byte near its start, at this line and column.
    mutating func binaryFile(line: Int, column: Int)
    /// `done` of `total` bytes are read: a hint for sizing what is kept.
    mutating func progress(done: Int, of total: Int)
}

extension SourceLine {
    /// Reads `text` line by line into `reader`. A UTF-8 byte order mark is
    /// skipped; a file with a NUL byte in its first 8 KiB is binary and not
    /// read further. Each line is found eight bytes at a time, the same
    /// words telling whether it is plain ASCII; only a line that is not gets
    /// the UTF-8 and NUL checks.
    static func scan<Reader: LineReader & ~Copyable>(_ text: TextBuffer, into reader: inout Reader) {
        let p = text.buffer
        let n = p.count
        var i = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        guard n > i, let base = p.baseAddress else {
            reader.emptyFile()
            return
        }
        if let hit = memchr(base + i, 0, min(n, i + 8192) - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var line = 1
            var lineStart = 0
            for k in 0..<at where p[k] == 0x0A {
                line += 1
                lineStart = k + 1
            }
            reader.binaryFile(line: line, column: UTF8Check.scalarCount(p, lineStart, at) + 1)
            return
        }
        // In a big file, after the first 128 KiB and then every megabyte,
        // the reader hears how far it got (see `TreeBuilder.forecast`).
        var nextProgress = n >= 4 << 20 ? i + 128 << 10 : Int.max
        var number = 0
        while i < n && !reader.stopped {
            number += 1
            let (end, plain) = lineEnd(p, from: i)
            var s = i
            var e = end
            while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
            while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
            var invalid: Int?
            var nul: Int?
            if !plain {
                invalid = UTF8Check.firstInvalid(p, s, e).map { $0 - s }
                if e > s, let hit = memchr(base + s, 0, e - s) {
                    nul = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - s
                }
            }
            let numbers = (Int32(truncatingIfNeeded: number), Int32(e - s), Int32(s - i + 1),
                           Int32(truncatingIfNeeded: end - i), Int32(invalid ?? -1), Int32(nul ?? -1))
            reader.read(SourceLine(numbers: numbers, base: base + s, start: s))
            i = end + 1
            if i >= nextProgress {
                reader.progress(done: i, of: n)
                nextProgress = i + (1 << 20)
            }
        }
    }

    /// The index of the first newline at or after `from` (or the end of the
    /// bytes), and whether every byte on the way was plain ASCII: not NUL,
    /// below 0x80. Eight bytes at a time; the last word may reach into the
    /// next line, which only makes a line checked that need not be.
    @inline(__always)
    private static func lineEnd(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, plain: Bool) {
        let n = p.count
        var i = from
        var flags: UInt64 = 0
        if let base = p.baseAddress {
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // High bits of bytes that are zero or >= 0x80.
                flags |= (((w &- 0x0101_0101_0101_0101) & ~w) | w) & 0x8080_8080_8080_8080
                let x = w ^ 0x0A0A_0A0A_0A0A_0A0A
                let newline = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                if newline != 0 { return (i + newline.trailingZeroBitCount >> 3, flags == 0) }
                i += 8
            }
        }
        while i < n && p[i] != 0x0A {
            if p[i] == 0 || p[i] >= 0x80 { flags = 1 }
            i += 1
        }
        return (i, flags == 0)
    }
}
