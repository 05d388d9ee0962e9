#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A journal read as it is written, for `follow`: each call to `read` gives
/// the lines completed since the last one. A line still being written waits
/// for its newline; a file cut shorter than what was read, or deleted, is
/// said so, never a crash.
public final class JournalTail {
    public let path: String
    private let fd: Int32
    /// Bytes read so far, through the last complete line; the start of a
    /// line not yet complete.
    private var offset = 0
    private var pending: [UInt8] = []
    private var lineNumber = 0

    public enum Change: Sendable {
        /// The lines completed since the last read (maybe none).
        case lines([Journal.Line])
        /// The file is shorter than what was read: it was cut short or
        /// replaced. Reading starts again from its beginning.
        case cutShort
        /// The file is gone (deleted, not renamed at a clean end).
        case deleted
    }

    /// Opens `path`; a file that cannot be opened is a failure naming why.
    public init(path: String) throws(FileSystem.Failure) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.Failure("cannot open \(path): \(FileSystem.errnoMessage())") }
    }

    deinit { close(fd) }

    public func read() -> Change {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .deleted }
        let size = Int(st.st_size)
        if size < offset + pending.count {
            offset = 0
            pending = []
            lineNumber = 0
            return .cutShort
        }
        let start = offset + pending.count
        var lines: [Journal.Line] = []
        if size > start, case .success(let bytes) = RawIO.read(fd, at: start, count: min(size - start, 1 << 24)) {
            pending += bytes
            var from = 0
            while let newline = pending[from...].firstIndex(of: 0x0A) {
                lineNumber += 1
                if newline > from {
                    lines.append(Journal.decode(line: Array(pending[from..<newline]), number: lineNumber, cutShort: false))
                }
                from = newline + 1
            }
            offset += from
            pending.removeFirst(from)
        }
        if st.st_nlink == 0 && lines.isEmpty { return .deleted }
        return .lines(lines)
    }
}
