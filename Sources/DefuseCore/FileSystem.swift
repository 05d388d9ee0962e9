#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file helpers. The core reads files; it never touches a terminal.
public enum FileSystem {
    public enum Kind: Equatable, Sendable {
        case missing
        case file(size: Int)
        case directory
        case other
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(st.st_size))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    public static func errnoMessage(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Reads a whole file, refusing ones larger than `limit` bytes.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        readText(path, limit: limit).map(\.bytes)
    }

    /// Reads a whole file, refusing ones larger than `limit` bytes; a big
    /// one into memory of its own (see `TextBuffer`).
    public static func readText(_ path: String, limit: Int) -> Result<TextBuffer, Failure> {
        // O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait
        // forever (`defuse replay FIFO`). Reads block again, as before; a FIFO
        // without a writer then reads as empty.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(Failure("cannot open: \(errnoMessage())")) }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(Failure("cannot read: \(errnoMessage())")) }
        if st.st_mode & S_IFMT == S_IFDIR { return .failure(Failure("is a folder, not a file")) }
        let size = Int(st.st_size)
        if size > limit {
            return .failure(Failure("file is \(formatBytes(size)); the limit is \(formatBytes(limit)) (--max-file-size)"))
        }
        var failure: Failure?
        let text = TextBuffer(capacity: st.st_mode & S_IFMT == S_IFREG ? size : 0) { buffer in
            guard let base = buffer.baseAddress, size > 0 else { return 0 }
            var count = 0
            if size >= Parallel.readThreshold {
                // A big file is read in two halves at once.
                let half = size / 2
                let out = Handed(base)
                let (second, first) = Parallel.both(together: true,
                                                    { readFully(fd, into: out.value + half, count: size - half, at: half) },
                                                    { readFully(fd, into: base, count: half, at: 0) })
                switch (first, second) {
                case (.failure(let f), _), (_, .failure(let f)): failure = f
                case (.success(let a), .success(let b)): count = a < half ? a : half + b
                }
            } else {
                switch readFully(fd, into: base, count: size, at: 0) {
                case .failure(let f): failure = f
                case .success(let n): count = n
                }
            }
            // pread leaves the offset alone: what follows reads on from here.
            if failure == nil { _ = lseek(fd, off_t(count), SEEK_SET) }
            return count
        }
        if let failure { return .failure(failure) }
        // The file may have grown since fstat (or is not a regular file):
        // read what is left, up to the limit. Usually the file is already
        // whole: a one-byte read says so without setting up (and clearing)
        // a buffer for more.
        var probe: UInt8 = 0
        while true {
            let n = Glibc.read(fd, &probe, 1)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure("cannot read: \(errnoMessage())"))
            }
            if n == 0 { return .success(text) }
            break
        }
        var bytes = text.bytes
        bytes.append(probe)
        if bytes.count > limit {
            return .failure(Failure("file is larger than the limit of \(formatBytes(limit)) (--max-file-size)"))
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure("cannot read: \(errnoMessage())"))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit {
                return .failure(Failure("file is larger than the limit of \(formatBytes(limit)) (--max-file-size)"))
            }
        }
        return .success(TextBuffer(bytes))
    }

    /// Reads up to `count` bytes at `offset` (fewer only at the end of the
    /// file); the number read.
    static func readFully(_ fd: Int32, into base: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) -> Result<Int, Failure> {
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure("cannot read: \(errnoMessage())"))
            }
            if n == 0 { break }
            done += n
        }
        return .success(done)
    }

    /// The names in a folder, sorted, without `.` and `..`.
    public static func list(_ path: String) -> Result<[String], Failure> {
        guard let dir = opendir(path) else { return .failure(Failure("cannot open folder: \(errnoMessage())")) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort()
        return .success(names)
    }

    public static func join(_ dir: String, _ name: String) -> String {
        if dir.isEmpty || dir == "." { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    public static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        if let slash = p.lastIndex(of: "/") { return String(p[p.index(after: slash)...]) }
        return String(p)
    }

    public static func dirName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}

public func formatBytes(_ n: Int) -> String {
    if n >= 1 << 20 {
        let tenths = (n * 10) >> 20
        return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
    }
    if n >= 1 << 10 { return "\(n >> 10) KiB" }
    return "\(n) bytes"
}
