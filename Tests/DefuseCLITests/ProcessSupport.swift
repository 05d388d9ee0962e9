import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `defuse` binary built next to the test bundle.
let defuseBinary: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    // .../debug/defusePackageTests.xctest, or a bundle folder around it.
    var dir = FileSystem.dirName(exe)
    for _ in 0..<4 {
        if FileSystem.kind(dir + "/defuse") != .missing, case .file = FileSystem.kind(dir + "/defuse") { return dir + "/defuse" }
        dir = FileSystem.dirName(dir)
    }
    return packageRoot + "/.build/debug/defuse"
}()

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `defuse` with `args`, `stdin` text and extra environment.
func runDefuse(_ args: [String], stdin: String = "", environment: [String: String] = [:], cwd: String? = nil) -> ProcessResult {
    let dir = makeTempDir()
    writeText(dir + "/in", stdin)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, dir + "/in", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ["PATH": "/usr/bin:/bin", "HOME": dir, "XDG_STATE_HOME": dir + "/state", "LANG": "C.UTF-8"]
    for (k, v) in environment { env[k] = v }
    // Change folder in a shell, not in this (multi-threaded) test process.
    let pid = cwd.map { spawn("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, defuseBinary] + args, env, &actions, nil) }
        ?? spawn(defuseBinary, args, env, &actions, nil)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(status: code, stdout: fileText(dir + "/out") ?? "", stderr: fileText(dir + "/err") ?? "")
}

/// Runs any program (`path`, found in PATH when it has no slash) with only
/// the `environment` given, in `cwd`; kills it if it has not ended within
/// `timeout` seconds (status 137), so a test never hangs.
func runProgram(_ path: String, _ args: [String], environment: [String: String], cwd: String,
                timeout: Double = 60) -> ProcessResult {
    let dir = makeTempDir()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attr = cleanSignalsAttributes()
    defer { posix_spawnattr_destroy(&attr) }
    let pid = spawn("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", cwd, path] + args, environment, &actions, &attr)
    let deadline = now() + timeout
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
        if now() > deadline {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            break
        }
        usleep(1_000)
    }
    let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(status: code, stdout: fileText(dir + "/out") ?? "", stderr: fileText(dir + "/err") ?? "")
}

/// Whether `program` is in /usr/bin or /bin (where the tests look for shells).
func installed(_ program: String) -> Bool {
    ["/usr/bin/", "/bin/", "/usr/local/bin/"].contains { dir in
        if case .file = FileSystem.kind(dir + program) { return true }
        return false
    }
}

func spawn(_ path: String, _ args: [String], _ env: [String: String],
           _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ attr: UnsafeMutablePointer<posix_spawnattr_t>?) -> pid_t {
    let argv = ([path] + args).map { strdup($0) } + [nil]
    // Under `make check-sanitizers` the children are sanitized too: hand them
    // the sanitizer options (suppressions) that the test process was given.
    var env = env
    for key in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"] where env[key] == nil {
        if let value = getenv(key) { env[key] = String(cString: value) }
    }
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, actions, attr, argv, envp)
    precondition(rc == 0, "posix_spawn \(path) failed: \(rc)")
    return pid
}

/// A child process on a pseudo-terminal: type keys, read what it shows.
final class PTY {
    let master: Int32
    let pid: pid_t
    var output = ""
    let home: String

    init(_ args: [String], environment: [String: String] = [:], home: String? = nil, columns: UInt16 = 100) {
        // posix_openpt and friends are hidden behind _XOPEN_SOURCE in Swift's
        // Glibc module; on Linux they are /dev/ptmx and two ioctls.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        precondition(master >= 0, "no /dev/ptmx")
        var unlock: Int32 = 0
        _ = ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock)
        var number: UInt32 = 0
        _ = ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number)
        let slave = "/dev/pts/\(number)"
        var ws = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        self.home = home ?? makeTempDir()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // A new session, so the pty is the controlling terminal and Ctrl-C is a signal.
        var attr = cleanSignalsAttributes(newSession: true)
        var env = ["PATH": "/usr/bin:/bin", "HOME": self.home, "XDG_STATE_HOME": self.home + "/state",
                   "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        for (k, v) in environment { env[k] = v }
        pid = spawn(defuseBinary, args, env, &actions, &attr)
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attr)
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` shows (after `from`), or the timeout passes.
    @discardableResult
    func waitFor(_ text: String, after from: Int = 0, timeout: Double = 30) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            if since(from).contains(text) { return true }
            readAvailable(wait: 0.05)
        }
        return since(from).contains(text)
    }

    /// Output after the byte offset `mark`.
    func since(_ mark: Int) -> String {
        String(decoding: Array(output.utf8).dropFirst(mark), as: UTF8.self)
    }

    /// Reads what is there, waiting up to `wait` seconds for something.
    func readAvailable(wait: Double) {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, Int32(wait * 1000)) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { output += String(decoding: buffer[0..<n], as: UTF8.self) }
    }

    /// Waits for the child to exit; returns its status, or nil if it did not.
    func waitExit(timeout: Double = 30) -> Int32? {
        let deadline = now() + timeout
        while now() < deadline {
            readAvailable(wait: 0.02)
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F) }
        }
        return nil
    }

    var mark: Int { output.utf8.count }

    /// Waits until the child sleeps in a system call: done drawing and back
    /// in read(), or stuck in a write the terminal does not take. libedit
    /// draws the prompt or echo and only then goes back to read(): a Ctrl-C,
    /// Ctrl-D or signal sent before that can be missed (tests are that fast,
    /// people are not). The state is the kernel's, in /proc/PID/stat; two
    /// readings in a row must say "sleeping".
    func settle(timeout: Double = 10) {
        let deadline = now() + timeout
        var sleeping = 0
        while now() < deadline && sleeping < 2 {
            sleeping = state() == "S" ? sleeping + 1 : 0
            if sleeping < 2 { usleep(2_000) }
        }
    }

    /// The child's scheduler state: R running, S sleeping, D in the disk, ...
    func state() -> Character? {
        guard let stat = fileText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].first { $0 != " " }
    }
}

/// Spawn attributes for a child with no blocked signals and default
/// handlers: the test runner's threads may block or ignore some, and a child
/// inherits that. With `newSession`, the child starts a session of its own.
/// The caller destroys them.
func cleanSignalsAttributes(newSession: Bool = false) -> posix_spawnattr_t {
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attr, &all)
    let setsid: Int32 = newSession ? 0x80 : 0  // POSIX_SPAWN_SETSID, hidden behind _GNU_SOURCE
    posix_spawnattr_setflags(&attr, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    return attr
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
