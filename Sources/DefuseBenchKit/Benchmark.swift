import DefuseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The benchmark suite: start-up, load and check, walking, path counting,
/// export and peak memory, each the median of several runs.
public struct Benchmark {
    public struct Configuration: Sendable {
        /// Generated tree sizes, in nodes.
        public var sizes: [Int] = [1_000, 10_000, 100_000]
        /// Runs of each in-process measurement (the median is reported).
        public var runs: Int = 7
        /// Runs of each start-up measurement.
        public var startupRuns: Int = 20
        /// Steps in a scripted walk.
        public var steps: Int = 1_000
        /// The release `defuse` binary; nil skips start-up and memory.
        public var defuse: String?
        /// The benchmark executable, started afresh to measure peak memory
        /// (see `Measure.peakHelperFlag`); nil measures children directly.
        public var memoryHelper: String?
        /// A minimal Swift program, the start-up baseline; nil skips it.
        public var minimal: String?
        /// The bundled trees, for start-up.
        public var bundledTrees: String = "Trees"
        /// Where generated trees are written (a fresh temporary folder if nil).
        public var workDirectory: String?
        /// Path files generated for `defuse report` (walks of the bundled
        /// trees); 0 skips the report case.
        public var reportFiles: Int = 10_000
        /// Runs of `defuse report` in each format.
        public var reportRuns: Int = 5

        public init() {}
    }

    public struct SizeResult: Sendable {
        public var nodes: Int
        public var fileBytes: Int
        /// Loader().load(paths:) of the file: read, parse, resolve, check.
        public var loadMilliseconds: Double
        /// The same, in CPU time of the process (both threads for a big file).
        public var loadCPUMilliseconds: Double
        /// The Checker alone, on the loaded library.
        public var checkMilliseconds: Double
        /// Parts of a load: reading the file, and parsing its bytes.
        public var readMilliseconds: Double
        public var parseMilliseconds: Double
        public var microsecondsPerStep: Double
        public var pathCountMilliseconds: Double?
        /// Decimal digits of the exact path count.
        public var pathCountDigits: Int?
        public var peakResidentBytes: Int?
        public var loadMegabytesPerSecond: Double {
            Double(fileBytes) / 1_000_000 / (loadMilliseconds / 1000)
        }
    }

    public struct StartupResult: Sendable {
        public var defuseMilliseconds: Double
        public var minimalMilliseconds: Double?
        /// User plus system CPU time of the child processes.
        public var defuseCPUMilliseconds: Double
        public var minimalCPUMilliseconds: Double?
    }

    /// `defuse report` on a folder of generated path files: every run's
    /// wall-clock time, per format.
    public struct ReportResult: Sendable {
        public var files: Int
        public var bytes: Int
        public var markdownMilliseconds: [Double]
        public var jsonMilliseconds: [Double]
        /// Median CPU time of the Markdown runs.
        public var markdownCPUMilliseconds: Double
    }

    public struct Results: Sendable {
        public var startup: StartupResult?
        public var report: ReportResult?
        public var sizes: [SizeResult] = []
        /// Export of a walk of `steps` steps on the largest tree, per format.
        public var exports: [(format: String, milliseconds: Double)] = []
        public var steps: Int = 0
        public var runs: Int = 0
        public var notes: [String] = []

        public init() {}
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Measurements that other parts of defuse provide, plugged in by the
    /// executable: nil means "not available in this build".
    public struct Extras {
        /// Counts the paths from the library's first tree's start; returns a description of the count.
        public var countPaths: ((Library) -> String)?
        /// Exports of the session's walk, by format; each returns the exported byte count.
        public var exports: [(format: String, run: (Session) -> Int)]

        public init(countPaths: ((Library) -> String)? = nil, exports: [(format: String, run: (Session) -> Int)] = []) {
            self.countPaths = countPaths
            self.exports = exports
        }
    }

    public var configuration: Configuration
    public var extras: Extras
    /// Progress lines (to standard error in the executable).
    public var progress: (String) -> Void

    public init(configuration: Configuration, extras: Extras = Extras(), progress: @escaping (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.extras = extras
        self.progress = progress
    }

    public func run() throws(Failure) -> Results {
        var results = Results()
        results.steps = configuration.steps
        results.runs = configuration.runs
        if let defuse = configuration.defuse {
            progress("start-up: \(configuration.startupRuns) runs each")
            results.startup = try measureStartup(defuse: defuse, minimal: configuration.minimal)
        }
        let dir = configuration.workDirectory ?? Measure.makeTempDir()
        defer { if configuration.workDirectory == nil { removeTree(dir) } }
        var lastSession: Session?
        for size in configuration.sizes {
            progress("\(size) nodes: generating")
            let generator = TreeGenerator(nodes: size)
            let path = "\(dir)/\(generator.treeID).tree"
            let bytes = generator.bytes()
            do { try Measure.write(bytes, to: path) } catch { throw Failure(error.description) }
            progress("\(size) nodes: load and check")
            let (library, loadMs, loadCPU) = try measureLoad(path: path, nodes: size)
            let checkMs = measureCheck(library)
            let (readMs, parseMs) = try measureLoadParts(path: path)
            progress("\(size) nodes: walk")
            let (stepUs, session) = try measureWalk(library, treeID: generator.treeID)
            lastSession = session
            var pathMs: Double?
            var pathDigits: Int?
            if let count = extras.countPaths {
                progress("\(size) nodes: path counting")
                (pathMs, pathDigits) = measurePathCount(library, count)
            }
            var rss: Int?
            if let defuse = configuration.defuse {
                progress("\(size) nodes: peak memory")
                rss = try measurePeakMemory(defuse: defuse, file: path, scratch: dir)
            }
            results.sizes.append(SizeResult(nodes: size, fileBytes: bytes.count, loadMilliseconds: loadMs,
                                            loadCPUMilliseconds: loadCPU,
                                            checkMilliseconds: checkMs, readMilliseconds: readMs,
                                            parseMilliseconds: parseMs, microsecondsPerStep: stepUs,
                                            pathCountMilliseconds: pathMs, pathCountDigits: pathDigits,
                                            peakResidentBytes: rss))
            unlink(path)
        }
        if let session = lastSession {
            for (format, export) in extras.exports {
                progress("\(format) export of a \(configuration.steps)-step walk")
                results.exports.append((format, measureExport(session, export)))
            }
        }
        if let defuse = configuration.defuse, configuration.reportFiles > 0 {
            progress("report: generating \(configuration.reportFiles) path files")
            let loaded = Loader().load(paths: [configuration.bundledTrees])
            guard !loaded.hasErrors, !loaded.library.trees.isEmpty else {
                throw Failure("the bundled trees at \(configuration.bundledTrees) do not load cleanly")
            }
            let paths = dir + "/paths"
            mkdir(paths, 0o755)
            defer {
                PathGenerator.remove(count: configuration.reportFiles, from: paths)
                rmdir(paths)
            }
            let bytes: Int
            do { bytes = try PathGenerator(library: loaded.library).write(count: configuration.reportFiles, to: paths) } catch {
                throw Failure(error.description)
            }
            progress("report: \(configuration.reportRuns) runs each of md and json")
            results.report = try measureReport(defuse: defuse, folder: paths, files: configuration.reportFiles, bytes: bytes)
        }
        return results
    }

    /// Runs `defuse report --trees BUNDLED FOLDER` (Markdown, to /dev/null)
    /// and with `--format json`, taking turns, `reportRuns` times each after
    /// one warm-up run of each.
    public func measureReport(defuse: String, folder: String, files: Int, bytes: Int) throws(Failure) -> ReportResult {
        let runs = [["report", "--trees", configuration.bundledTrees, folder],
                    ["report", "--trees", configuration.bundledTrees, "--format", "json", folder]]
        var times: [[Double]] = [[], []]
        var cpu: [Double] = []
        for i in 0...max(1, configuration.reportRuns) {
            for (k, arguments) in runs.enumerated() {
                let r: Measure.ChildResult
                do { r = try Measure.run(defuse, arguments) } catch { throw Failure(error.description) }
                guard r.status == 0 else {
                    throw Failure("\(defuse) \(arguments.joined(separator: " ")) exited with status \(r.status)")
                }
                guard i > 0 else { continue }  // the warm-up
                times[k].append(Double(r.nanoseconds) / 1e6)
                if k == 0 { cpu.append(Double(r.cpuNanoseconds) / 1e6) }
            }
        }
        return ReportResult(files: files, bytes: bytes, markdownMilliseconds: times[0], jsonMilliseconds: times[1],
                            markdownCPUMilliseconds: Measure.median(cpu))
    }

    // MARK: Measurements

    /// Spawns `defuse --trees TREES -c ''` (load and check the bundled
    /// trees, then stop where the first prompt would show) and the minimal program.
    public func measureStartup(defuse: String, minimal: String?) throws(Failure) -> StartupResult {
        let args = ["--trees", configuration.bundledTrees, "-c", ""]
        // The two programs take turns, so a machine that speeds up or slows
        // down during the runs moves both series alike.
        var programs = [(defuse, args)]
        if let minimal { programs.append((minimal, [])) }
        var times = programs.map { _ in [Double]() }
        var cpu = programs.map { _ in [Double]() }
        for i in 0..<(configuration.startupRuns + 2) {
            for (k, (path, arguments)) in programs.enumerated() {
                let r: Measure.ChildResult
                do { r = try Measure.run(path, arguments) } catch { throw Failure(error.description) }
                guard r.status == 0 else {
                    throw Failure("\(path) \(arguments.joined(separator: " ")) exited with status \(r.status)")
                }
                if i >= 2 {  // two warm-up runs
                    times[k].append(Double(r.nanoseconds) / 1e6)
                    cpu[k].append(Double(r.cpuNanoseconds) / 1e6)
                }
            }
        }
        let d = (Measure.median(times[0]), Measure.median(cpu[0]))
        let m = minimal == nil ? nil : (Measure.median(times[1]), Measure.median(cpu[1]))
        return StartupResult(defuseMilliseconds: d.0, minimalMilliseconds: m?.0,
                             defuseCPUMilliseconds: d.1, minimalCPUMilliseconds: m?.1)
    }

    /// Loads `path` `runs` times; returns the library and the median wall-clock and CPU times.
    public func measureLoad(path: String, nodes: Int) throws(Failure) -> (Library, Double, Double) {
        var times: [Double] = []
        var cpu: [Double] = []
        var kept: LoadResult?
        for _ in 0..<max(1, configuration.runs) {
            // Each load starts as a program's would: without the last one's trees in memory.
            kept = nil
            let t = Measure.times { kept = Loader().load(paths: [path]) }
            times.append(Double(t.wall) / 1e6)
            cpu.append(Double(t.cpu) / 1e6)
        }
        let result = kept!
        if let first = result.diagnostics.first {
            throw Failure("the generated tree is not clean: \(first.location): \(first.message)")
        }
        guard result.library.nodeCount == nodes else {
            throw Failure("the generated tree has \(result.library.nodeCount) nodes, expected \(nodes)")
        }
        return (result.library, Measure.median(times), Measure.median(cpu))
    }

    /// The first two parts of a load on their own: `FileSystem.read` and
    /// `TreeParser.parse`; the median of each.
    public func measureLoadParts(path: String) throws(Failure) -> (Double, Double) {
        var reads: [Double] = []
        var parses: [Double] = []
        for _ in 0..<max(1, configuration.runs) {
            var bytes = TextBuffer([])
            var failure: String?
            reads.append(Double(Measure.time {
                switch FileSystem.readText(path, limit: Limits().maxFileSize) {
                case .success(let b): bytes = b
                case .failure(let f): failure = f.message
                }
            }) / 1e6)
            if let failure { throw Failure("\(path): \(failure)") }
            var nodes = 0
            parses.append(Double(Measure.time {
                nodes = TreeParser(file: path).parse(bytes, defaultID: "bench").0?.nodes.count ?? 0
            }) / 1e6)
            precondition(nodes > 0, "the generated tree did not parse")
        }
        return (Measure.median(reads), Measure.median(parses))
    }

    public func measureCheck(_ library: Library) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, configuration.runs) {
            var count = 0
            let t = Measure.time { count = Checker(library: library).run().count }
            precondition(count == 0, "the checker found problems in a clean tree")
            times.append(Double(t) / 1e6)
        }
        return Measure.median(times)
    }

    /// A scripted walk of `steps` choices (pseudo-random, restarting at end
    /// nodes); returns the median microseconds per step and the last walk's session.
    public func measureWalk(_ library: Library, treeID: String) throws(Failure) -> (Double, Session) {
        var times: [Double] = []
        var last: Session?
        for run in 0..<max(1, configuration.runs) {
            var session = Session(library: library)
            var rng = SplitMix(seed: UInt64(run) &+ 17)
            var failure: SessionError?
            let t = Measure.time {
                do throws(SessionError) {
                    try session.open(treeID)
                    var taken = 0
                    while taken < configuration.steps {
                        let here = session.current!
                        let count = library.trees[Int(here.tree)].nodes[Int(here.node)].choices.count
                        if count == 0 {
                            try session.restart()
                            continue
                        }
                        try session.choose(Int(rng.next() % UInt64(count)) + 1)
                        taken += 1
                    }
                } catch {
                    failure = error
                }
            }
            if let failure { throw Failure("walk failed: \(failure.message)") }
            times.append(Double(t) / 1e3 / Double(max(1, configuration.steps)))
            last = session
        }
        return (Measure.median(times), last!)
    }

    /// The median time of an exact path count, and the count's number of digits.
    public func measurePathCount(_ library: Library, _ count: (Library) -> String) -> (Double, Int) {
        var times: [Double] = []
        var digits = 0
        for _ in 0..<max(1, configuration.runs) {
            var text = ""
            let t = Measure.time { text = count(library) }
            precondition(!text.isEmpty, "path counting gave nothing")
            times.append(Double(t) / 1e6)
            digits = text.utf8.count
        }
        return (Measure.median(times), digits)
    }

    public func measureExport(_ session: Session, _ export: (Session) -> Int) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, configuration.runs) {
            var bytes = 0
            let t = Measure.time { bytes = export(session) }
            precondition(bytes > 0, "the export was empty")
            times.append(Double(t) / 1e6)
        }
        return Measure.median(times)
    }

    /// Peak resident memory of `defuse check FILE`, one child process.
    public func measurePeakMemory(defuse: String, file: String, scratch: String) throws(Failure) -> Int {
        let r: (status: Int32, bytes: Int)
        do {
            r = try Measure.peakMemory(of: defuse, ["check", file], helper: configuration.memoryHelper, scratch: scratch)
        } catch {
            throw Failure(error.description)
        }
        guard r.status == 0 else { throw Failure("defuse check \(file) exited with status \(r.status)") }
        return r.bytes
    }

    func removeTree(_ dir: String) {
        if case .success(let names) = FileSystem.list(dir) {
            for name in names { unlink(dir + "/" + name) }
        }
        rmdir(dir)
    }
}
