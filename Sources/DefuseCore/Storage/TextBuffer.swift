#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, kept as they were read. A big file sits in memory of its
/// own, in 2 MiB pages (see `PageMemory`): reading 37 MB then takes some
/// twenty page faults instead of nine thousand.
public final class TextBuffer: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    public private(set) var count: Int
    /// Bytes mapped for it alone; 0 when the memory is malloc's.
    private let mapped: Int

    /// Room for `capacity` bytes, to be filled by `fill` (the number it wrote).
    init(capacity: Int, fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let (raw, mapped) = PageMemory.allocate(capacity)
        // Written whole: every full big page of it is filled.
        if mapped > 0 { PageMemory.adviseHuge(raw, PageMemory.hugeEnd(capacity)) }
        base = raw.bindMemory(to: UInt8.self, capacity: capacity)
        self.mapped = mapped
        count = 0
        count = min(capacity, max(0, fill(UnsafeMutableBufferPointer(start: base, count: capacity))))
    }

    public convenience init(_ bytes: [UInt8]) {
        self.init(capacity: bytes.count) { out in
            bytes.withUnsafeBufferPointer { b in
                if let from = b.baseAddress, b.count > 0 { out.baseAddress!.initialize(from: from, count: b.count) }
            }
            return bytes.count
        }
    }

    deinit { PageMemory.release(base, mapped: mapped) }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(buffer)
    }

    public var bytes: [UInt8] { Array(buffer) }

    /// Whether the buffer holds exactly `other` (compared without a copy).
    public func holds(_ other: [UInt8]) -> Bool {
        guard other.count == count else { return false }
        return count == 0 || other.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, count) == 0 }
    }

    /// The byte at `i` (`0 <= i < count`).
    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "text index out of range")
        return base[i]
    }

    /// Reads up to `size` bytes from `fd` into a new buffer (fewer at the
    /// end of the file), or the errno of a failed read.
    static func read(_ fd: Int32, size: Int) -> Result<TextBuffer, RawIO.Errno> {
        var failure: Int32 = 0
        let text = TextBuffer(capacity: size) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var done = 0
            while done < size {
                let n = Glibc.read(fd, base + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return done
                }
                if n == 0 { break }
                done += n
            }
            return done
        }
        return failure == 0 ? .success(text) : .failure(RawIO.Errno(code: failure))
    }
}
