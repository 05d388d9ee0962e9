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

    /// The device and inode of `path` (following links): the same folder
    /// reached twice has the same identity.
    public static func identity(_ path: String) -> (dev: UInt64, inode: UInt64)? {
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
        let text: TextBuffer
        switch TextBuffer.read(fd, size: st.st_mode & S_IFMT == S_IFREG ? size : 0) {
        case .failure(let e): return .failure(Failure("cannot read: \(errnoMessage(e.code))"))
        case .success(let t): text = t
        }
        // The file may have grown since fstat (or is not a regular file):
        // read what is left, up to the limit. Usually the file is already
        // whole: a one-byte read says so without setting up a buffer for more.
        let probe: UInt8
        switch RawIO.readByte(fd) {
        case .failure(let e): return .failure(Failure("cannot read: \(errnoMessage(e.code))"))
        case .success(nil): return .success(text)
        case .success(let b?): probe = b
        }
        let tooBig = Failure("file is larger than the limit of \(formatBytes(limit)) (--max-file-size)")
        guard text.count + 1 <= limit else { return .failure(tooBig) }
        switch RawIO.readToEnd(fd, limit: limit - text.count - 1) {
        case .failure(let e): return .failure(Failure("cannot read: \(errnoMessage(e.code))"))
        case .success(nil): return .failure(tooBig)
        case .success(let rest?): return .success(TextBuffer(text.bytes + [probe] + rest))
        }
    }

    /// Creates the folder `path` and its missing parents, new ones with
    /// `mode`; nil, or why not.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o700) -> Failure? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                return Failure("cannot create \(prefix): \(errnoMessage())")
            }
        }
        guard case .directory = kind(path) else { return Failure("\(path) is not a folder") }
        return nil
    }

    /// The permission bits of the file at `path` (after symbolic links), or nil.
    public static func permissions(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o7777
    }

    /// The file a symbolic link at `path` ends at (every link followed), or
    /// `path` itself when it is not a link: where a rewrite of it must go,
    /// so the link stays a link.
    public static func linkTarget(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// The path of the running executable, or nil.
    public static func executablePath() -> String? {
        RawIO.readLink("/proc/self/exe")
    }

    /// `path` from the root: relative paths are joined to the working directory.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = RawIO.currentDirectory() else { return path }
        return join(cwd, path)
    }

    /// The names in a folder, sorted, without `.` and `..`.
    public static func list(_ path: String) -> Result<[String], Failure> {
        guard let dir = opendir(path) else { return .failure(Failure("cannot open folder: \(errnoMessage())")) }
        defer { closedir(dir) }
        var names = RawIO.names(dir)
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
