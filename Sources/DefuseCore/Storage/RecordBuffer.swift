#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable run of plain records (spans and numbers): the parser appends
/// to it and the tree store reads it.
///
/// Unlike an array, a big one gets memory of its own from the kernel, and
/// asks for it in 2 MiB pages where it knows they will be filled. On the
/// virtual machines we run on a 4 KiB page fault costs some 3 µs, so the
/// records of a 100,000-node tree (some 15 MB) took thousands of faults, a
/// fifth of the load; in 2 MiB pages they take a few. But a 2 MiB page is
/// all there from its first byte, so the parser tells each buffer, as it
/// goes, how big it expects it to get (`expect`): only stretches that will
/// be filled come in big pages, and the end stays in small ones.
///
/// A buffer starts small, in malloc's memory (`nursery` records), and moves
/// to memory of its own, sized as `planned`, when that is full: by then the
/// parser has a fair idea of the final size.
///
/// It cannot be copied, so no two owners can see it grow under them.
struct RecordBuffer<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0
    /// The capacity to grow to first.
    private var planned = 0
    /// The last `expect`ed number of records.
    private var expected = 0
    /// Bytes mapped for it alone; 0 when the memory is malloc's.
    private var mapped = 0
    /// How much of that, from the start, is asked for in 2 MiB pages.
    private var advised = 0

    static var nursery: Int { 4096 }

    init() {}

    /// Room for `capacity` records, first in a small nursery.
    init(capacity: Int) {
        planned = capacity
        if capacity > 0 { reallocate(Swift.min(capacity, Self.nursery)) }
    }

    /// `count` copies of `value`, in memory of its own (in big pages) when big.
    init(count: Int, repeating value: Element) {
        planned = count
        expected = count
        if count > 0 {
            reallocate(count)
            base.unsafelyUnwrapped.initialize(repeating: value, count: count)
            self.count = count
        }
    }

    deinit { PageMemory.release(base, mapped: mapped) }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(buffer)
    }

    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "record index out of range")
        return base.unsafelyUnwrapped[i]
    }

    mutating func set(_ i: Int, _ x: Element) {
        precondition(i >= 0 && i < count, "record index out of range")
        base.unsafelyUnwrapped[i] = x
    }

    var last: Element? { count > 0 ? base.unsafelyUnwrapped[count - 1] : nil }

    @inline(__always)
    mutating func append(_ x: Element) {
        if count == capacity { grow(count + 1) }
        (base.unsafelyUnwrapped + count).initialize(to: x)
        count += 1
    }

    mutating func append(contentsOf xs: UnsafeBufferPointer<Element>) {
        guard let from = xs.baseAddress, xs.count > 0 else { return }
        if count + xs.count > capacity { grow(count + xs.count) }
        (base.unsafelyUnwrapped + count).initialize(from: from, count: xs.count)
        count += xs.count
    }

    mutating func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count, "removing more records than there are")
        count -= k
    }

    /// Says about how many records the buffer will hold in the end. Whole
    /// 2 MiB stretches of its own memory that those fill, and that nothing
    /// has touched yet, are then asked for as 2 MiB pages.
    mutating func expect(_ total: Int) {
        expected = total
        adviseHuge()
    }

    private mutating func adviseHuge() {
        #if os(Linux)
        guard mapped > 0, let base else { return }
        let stride = MemoryLayout<Element>.stride
        let huge = PageMemory.huge
        let from = Swift.max(advised, (count * stride + huge - 1) & ~(huge - 1))
        let to = Swift.min(mapped, PageMemory.hugeEnd(Swift.min(expected, capacity) * stride))
        guard to > from else { return }
        PageMemory.adviseHuge(UnsafeMutableRawPointer(base) + from, to - from)
        advised = to
        #endif
    }

    /// Gives back the whole pages past the last record (kept mapped, so
    /// appending later still works). Worth it only for mapped memory.
    mutating func trim() {
        #if os(Linux)
        guard mapped > 0, let base else { return }
        let page = Int(getpagesize())
        let used = (Int(bitPattern: base) + count * MemoryLayout<Element>.stride + page - 1) & ~(page - 1)
        let end = Int(bitPattern: base) + mapped
        if end > used, let p = UnsafeMutableRawPointer(bitPattern: used) {
            _ = madvise(p, end - used, MADV_DONTNEED)
        }
        #endif
    }

    private mutating func grow(_ needed: Int) {
        reallocate(Swift.max(needed, planned, capacity * 2, 16))
    }

    private mutating func reallocate(_ newCapacity: Int) {
        let (fresh, newMapped) = PageMemory.allocate(newCapacity * MemoryLayout<Element>.stride)
        let new = fresh.bindMemory(to: Element.self, capacity: newCapacity)
        let old = base
        let oldMapped = mapped
        let n = count
        (base, capacity, mapped, advised, count) = (new, newCapacity, newMapped, 0, 0)
        // Big pages for what is copied and what is expected, before touching any.
        expected = Swift.max(expected, n)
        adviseHuge()
        if let old, n > 0 { new.initialize(from: old, count: n) }
        count = n
        PageMemory.release(old, mapped: oldMapped)
    }
}

extension RecordBuffer: @unchecked Sendable {}
