#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory mapped from the kernel in 2 MiB pages where it can be.
enum PageMemory {
    static let huge = 2 << 20
    /// A stretch of a record buffer comes in a 2 MiB page when the records
    /// expected are to fill at least this much of it; the rest of it is
    /// memory spent to save page faults (a 4 KiB fault costs some 3 µs here,
    /// so 1 MB of it saves about a millisecond).
    static let fill = 0.3
    /// Buffers from this size get memory of their own.
    static let threshold = 1 << 20

    static func rounded(_ bytes: Int) -> Int { (bytes + huge - 1) & ~(huge - 1) }

    /// `rounded(bytes)` bytes of zeroed memory at a 2 MiB boundary, or nil.
    /// It comes in small pages until a stretch of it is advised otherwise.
    static func map(_ bytes: Int) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        let length = rounded(bytes)
        // Map a page more than needed and cut off the ends, to start on a 2 MiB boundary.
        guard let raw = mmap(nil, length + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else { return nil }
        let start = (Int(bitPattern: raw) + huge - 1) & ~(huge - 1)
        let head = start - Int(bitPattern: raw)
        if head > 0 { munmap(raw, head) }
        if huge - head > 0, let tail = UnsafeMutableRawPointer(bitPattern: start + length) { munmap(tail, huge - head) }
        return UnsafeMutableRawPointer(bitPattern: start)!
        #else
        return nil
        #endif
    }

    /// Where the 2 MiB pages for `bytes` bytes from a 2 MiB boundary end:
    /// the last page too when the bytes fill `fill` of it.
    static func hugeEnd(_ bytes: Int) -> Int {
        (bytes + Int(Double(huge) * (1 - fill))) & ~(huge - 1)
    }

    /// Asks for `length` bytes from `p` (2 MiB-aligned) in 2 MiB pages.
    static func adviseHuge(_ p: UnsafeMutableRawPointer, _ length: Int) {
        #if os(Linux)
        if length > 0 { _ = madvise(p, length, MADV_HUGEPAGE) }
        #endif
    }

    /// `bytes` bytes: mapped for them alone from `threshold` up (the second
    /// value: the length mapped), else malloc's (0).
    static func allocate(_ bytes: Int) -> (UnsafeMutableRawPointer, mapped: Int) {
        if bytes >= threshold, let p = map(bytes) { return (p, rounded(bytes)) }
        guard let p = malloc(Swift.max(bytes, 1)) else { fatalError("out of memory: \(bytes) bytes") }
        return (p, 0)
    }

    /// Frees what `allocate` gave.
    static func release<T>(_ p: UnsafeMutablePointer<T>?, mapped: Int) {
        guard let p else { return }
        if mapped > 0 { _ = munmap(p, mapped) } else { free(p) }
    }
}
