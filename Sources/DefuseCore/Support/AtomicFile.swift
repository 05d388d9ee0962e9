#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: a temporary file in the same folder
/// (created with O_EXCL), every byte written, fsync, rename over the name,
/// fsync of the folder. A failure removes the temporary file and comes back
/// as a value; an existing file is kept unless `overwrite` is set. The new
/// file gets `mode` less the umask, or with `exactMode` (a file rewritten in
/// place, keeping its permissions) `mode` as it is.
public enum AtomicFile {
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public enum Kind: Hashable, Sendable {
            /// The file exists and overwriting was not asked for.
            case exists
            case io
        }

        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// A seam for tests: writes some of the bytes left to `fd`, returning how
    /// many, or -1 with errno set (in place of write(2)).
    public typealias Writer = (_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int

    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool, mode: mode_t = 0o644,
                             exactMode: Bool = false, writer: Writer? = nil) -> Result<Void, Failure> {
        func fail(_ what: String, _ code: Int32 = errno) -> Result<Void, Failure> {
            .failure(Failure(kind: .io, message: "\(what): \(FileSystem.errnoMessage(code))"))
        }
        if !overwrite {
            var st = stat()
            if lstat(path, &st) == 0 {
                return .failure(Failure(kind: .exists, message: "already exists (--force overwrites it)"))
            }
        } else if case .directory = FileSystem.kind(path) {
            return .failure(Failure(kind: .io, message: "is a folder"))
        }
        let dir = FileSystem.dirName(path)
        let base = FileSystem.baseName(path)
        // A name of our own next to the target: .NAME.PID.N.tmp
        var fd: Int32 = -1
        var temp = ""
        var attempt = 0
        while fd < 0 {
            temp = FileSystem.join(dir, ".\(base).\(getpid()).\(attempt).tmp")
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd < 0 {
                if errno == EEXIST && attempt < 100 { attempt += 1; continue }
                return fail("cannot create a file in \(dir == "." ? "this folder" : dir)")
            }
        }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        if exactMode && fchmod(fd, mode) != 0 {
            let code = errno
            close(fd)
            return fail("cannot set the file's permissions", code)
        }
        let written = RawIO.write(fd, bytes, writer: writer)
        if written != 0 {
            close(fd)
            return fail("cannot write", written)
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            return fail("cannot write (fsync)", code)
        }
        if close(fd) != 0 { return fail("cannot write (close)") }
        if overwrite {
            if rename(temp, path) != 0 { return fail("cannot rename into place") }
        } else {
            // link(2) fails if the name was taken meanwhile: no race overwrites a file.
            if link(temp, path) != 0 {
                let code = errno
                if code == EEXIST {
                    return .failure(Failure(kind: .exists, message: "already exists (--force overwrites it)"))
                }
                // Some file systems have no hard links: fall back to rename.
                if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EXDEV {
                    if rename(temp, path) != 0 { return fail("cannot rename into place") }
                } else {
                    return fail("cannot rename into place", code)
                }
            } else {
                unlink(temp)
            }
        }
        ok = true
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
        return .success(())
    }
}
