import DefuseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Wall-clock helpers, child processes and temporary files for the benchmark.
public enum Measure {
    /// Monotonic time in nanoseconds.
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// CPU time of this process, all its threads (loading a big file uses
    /// two), in nanoseconds: unlike wall-clock time, it does not count the
    /// time other processes held the cores.
    public static func cpuNow() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` and returns its wall-clock and CPU time in nanoseconds.
    @inline(never)
    public static func times(_ body: () throws -> Void) rethrows -> (wall: UInt64, cpu: UInt64) {
        let start = now()
        let cpuStart = cpuNow()
        try body()
        let cpu = cpuNow() - cpuStart
        return (now() - start, cpu)
    }

    /// Runs `body` and returns its wall-clock time in nanoseconds.
    @inline(never)
    public static func time(_ body: () throws -> Void) rethrows -> UInt64 {
        let start = now()
        try body()
        return now() - start
    }

    /// The median of `values` (the mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of nothing")
        let s = values.sorted()
        let mid = s.count / 2
        return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
    }

    /// What a finished child process reported.
    public struct ChildResult: Sendable {
        /// Exit status, or 128 + signal number.
        public var status: Int32
        /// Wall-clock time from spawn to reaped, in nanoseconds.
        public var nanoseconds: UInt64
        /// Peak resident set size in bytes (`ru_maxrss`).
        public var maxResidentBytes: Int
        /// User plus system CPU time, in nanoseconds.
        public var cpuNanoseconds: UInt64
    }

    public struct SpawnError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Spawns `path` with `arguments` (standard input, output and error on
    /// /dev/null), waits for it, and reports its status, time and peak memory.
    public static func run(_ path: String, _ arguments: [String]) throws(SpawnError) -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let start = now()
        let rc = argv.withUnsafeBufferPointer { buf in
            posix_spawn(&pid, path, &actions, nil, buf.baseAddress!, environ)
        }
        guard rc == 0 else {
            throw SpawnError(description: "cannot start \(path): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw SpawnError(description: "wait for \(path): \(String(cString: strerror(errno)))") }
        }
        let elapsed = now() - start
        let signal = status & 0x7F
        let exit = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        func ns(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1000 }
        return ChildResult(status: exit, nanoseconds: elapsed, maxResidentBytes: Int(usage.ru_maxrss) * 1024,
                           cpuNanoseconds: ns(usage.ru_utime) + ns(usage.ru_stime))
    }

    /// Why peak memory goes through a helper: `ru_maxrss` of a child also
    /// counts the peak of the memory it was started from (exec records the old
    /// address space's high-water mark, and posix_spawn starts the child in the
    /// parent's), so a child of the benchmark, which holds big trees, would
    /// report the benchmark's peak. The helper is a small process (the
    /// benchmark executable started afresh) that starts the program and writes
    /// "STATUS BYTES" to a file.
    public static let peakHelperFlag = "--peak-rss-to"

    /// The helper's side: `[peakHelperFlag, OUTFILE, PROGRAM, ARGS...]`.
    /// Returns the helper's exit status.
    public static func peakHelperMain(_ args: [String]) -> Int32 {
        guard args.count >= 3, args[0] == peakHelperFlag else { return 2 }
        do {
            let r = try run(args[2], Array(args.dropFirst(3)))
            try write(Array("\(r.status) \(r.maxResidentBytes)\n".utf8), to: args[1])
            return 0
        } catch {
            return 1
        }
    }

    /// Peak resident bytes and exit status of `path arguments`, through
    /// `helper` when given (see `peakHelperFlag`), else as a direct child.
    public static func peakMemory(of path: String, _ arguments: [String], helper: String?,
                                  scratch: String) throws(SpawnError) -> (status: Int32, bytes: Int) {
        guard let helper else {
            let r = try run(path, arguments)
            return (r.status, r.maxResidentBytes)
        }
        let out = scratch + "/peak-rss.txt"
        unlink(out)
        let h = try run(helper, [peakHelperFlag, out, path] + arguments)
        guard h.status == 0, case .success(let bytes) = FileSystem.read(out, limit: 1024) else {
            throw SpawnError(description: "the memory helper \(helper) failed (status \(h.status))")
        }
        unlink(out)
        let parts = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, let status = Int32(parts[0]), let rss = Int(parts[1]) else {
            throw SpawnError(description: "the memory helper wrote something unexpected")
        }
        return (status, rss)
    }

    /// A fresh temporary folder.
    public static func makeTempDir(prefix: String = "defuse-bench") -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "cannot create a temporary folder in \(base)")
        return String(cString: made!)
    }

    /// Writes `bytes` to `path` (replacing it), synced to disk unless `sync` is false.
    public static func write(_ bytes: [UInt8], to path: String, sync: Bool = true) throws(SpawnError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpawnError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpawnError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
        // On disk before anything is measured: otherwise the kernel writes
        // the file back while the loads run, on one of the two cores.
        if sync { _ = fsync(fd) }
    }

    /// The folder of the running executable (where the release build put its siblings).
    public static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
