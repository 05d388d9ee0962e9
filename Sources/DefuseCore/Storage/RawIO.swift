#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls that move bytes between memory and files, so that the
/// rest of the core works with arrays and never with raw memory.
enum RawIO {
    /// A failed system call's errno.
    struct Errno: Error {
        let code: Int32
    }

    /// Writes every byte of `bytes` to `fd` (retrying after a signal), by
    /// `writer` (a seam for tests: bytes left, the number written or -1 with
    /// errno) or write(2): 0, or the errno of the failure (ENOSPC when
    /// nothing more could be written).
    static func write(_ fd: Int32, _ bytes: [UInt8], writer: ((Int32, ArraySlice<UInt8>) -> Int)? = nil) -> Int32 {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = writer?(fd, bytes[done...]) ?? Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return ENOSPC }
                done += n
            }
            return 0
        }
    }

    /// Reads `fd` to its end in chunks, giving up past `limit` bytes:
    /// the bytes, nil past the limit, or the errno of a failed read.
    static func readToEnd(_ fd: Int32, limit: Int) -> Result<[UInt8]?, Errno> {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            if n == 0 { return .success(Optional(out)) }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { return .success(Optional<[UInt8]>.none) }
        }
    }

    /// Up to `count` bytes of `fd` from `offset` (fewer at the end of the file).
    static func read(_ fd: Int32, at offset: Int, count: Int) -> Result<[UInt8], Errno> {
        var out = [UInt8](repeating: 0, count: max(0, count))
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            if n == 0 { break }
            done += n
        }
        out.removeLast(count - done)
        return .success(out)
    }

    /// Reads one byte of `fd`: nil at its end, or the errno of a failure.
    static func readByte(_ fd: Int32) -> Result<UInt8?, Errno> {
        var byte: UInt8 = 0
        while true {
            let n = Glibc.read(fd, &byte, 1)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            return .success(n == 0 ? nil : byte)
        }
    }

    /// The names in an open folder stream, without `.` and `..`.
    static func names(_ dir: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    /// The path a symbolic link points to, or nil.
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The working directory, or nil.
    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil, let end = buffer.firstIndex(of: 0) else { return nil }
        return String(decoding: buffer[0..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
