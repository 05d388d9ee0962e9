// defuse-bench: the numbers behind README "Performance". Run with `make bench`.
//   defuse-bench [--sizes 1000,10000,100000] [--runs N] [--startup-runs N]
//                [--steps N] [--trees DIR] [--defuse PATH] [--json FILE]
//   defuse-bench [--sizes ...] --generate DIR      (write the trees only)
//   defuse-bench [--runs N] --profile-load FILE    (load FILE N times, for a profiler)
//   defuse-bench [--report-files N] --generate-paths DIR  (write the report's path files only)
#if canImport(Glibc)
import Glibc
#endif
import DefuseBenchKit
import DefuseCore

func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func fail(_ message: String, status: Int32 = 2) -> Never {
    printError("defuse-bench: \(message)")
    exit(status)
}

// Started by the benchmark itself to measure a child's peak memory from a small process.
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == Measure.peakHelperFlag {
    exit(Measure.peakHelperMain(Array(CommandLine.arguments.dropFirst())))
}

var config = Benchmark.Configuration()
var jsonPath: String? = "bench.json"
let exeDir = Measure.executableDirectory()
config.defuse = exeDir.map { $0 + "/defuse" }
config.minimal = exeDir.map { $0 + "/minimal-swift" }
config.memoryHelper = exeDir.map { $0 + "/defuse-bench" }

var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let name = args.removeFirst()
    if name == "--help" || name == "-h" {
        print("""
            usage: defuse-bench [--sizes 1000,10000,100000] [--runs N] [--startup-runs N] [--steps N]
                                [--report-files N] [--report-runs N]
                                [--trees DIR] [--defuse PATH|none] [--minimal PATH|none] [--json FILE|none]
                    defuse-bench [--sizes ...] --generate DIR
                    defuse-bench [--runs N] --profile-load FILE
                    defuse-bench [--report-files N] [--trees DIR] --generate-paths DIR
            Generates trees of each size and measures start-up, load and check, walking,
            path counting, export and peak memory (medians), and 'defuse report' on
            --report-files path files (default 10000; 0 skips it) walked on the bundled
            trees; prints a table and writes bench.json.
            """)
        exit(0)
    }
    guard !args.isEmpty else { fail("\(name) needs a value (see --help)") }
    let value = args.removeFirst()
    func count(_ v: String) -> Int {
        guard let n = Int(v), n >= 1 else { fail("bad value '\(v)' for \(name): a positive number") }
        return n
    }
    switch name {
    case "--sizes":
        config.sizes = value.split(separator: ",").map { part in
            guard let n = Int(part), n >= 2 else { fail("bad size '\(part)': at least 2 nodes") }
            return n
        }
        if config.sizes.isEmpty { fail("--sizes needs at least one size") }
    case "--runs": config.runs = count(value)
    case "--startup-runs": config.startupRuns = count(value)
    case "--steps": config.steps = count(value)
    case "--report-files":
        guard let n = Int(value), n >= 0 else { fail("bad value '\(value)' for --report-files: 0 or more") }
        config.reportFiles = n
    case "--report-runs": config.reportRuns = count(value)
    case "--generate-paths":
        // Only write the report's path files into a folder (for profiling), then stop.
        let loaded = Loader().load(paths: [config.bundledTrees])
        if loaded.hasErrors || loaded.library.trees.isEmpty { fail("the trees at \(config.bundledTrees) do not load cleanly", status: 1) }
        do {
            let bytes = try PathGenerator(library: loaded.library).write(count: config.reportFiles, to: value)
            print("\(config.reportFiles) path files, \(bytes) bytes, in \(value)")
        } catch {
            fail(error.description, status: 1)
        }
        exit(0)
    case "--trees": config.bundledTrees = value
    case "--defuse": config.defuse = value == "none" ? nil : value
    case "--minimal": config.minimal = value == "none" ? nil : value
    case "--json": jsonPath = value == "none" ? nil : value
    case "--profile-load":
        // Only load FILE --runs times and print each time (for perf and callgrind), then stop.
        for _ in 0..<config.runs {
            var nodes = 0
            let t = Measure.times { nodes = Loader().load(paths: [value]).library.nodeCount }
            print("\(nodes) nodes: \(Double(t.wall) / 1e6) ms (CPU \(Double(t.cpu) / 1e6) ms)")
        }
        exit(0)
    case "--generate":
        // Only write the generated trees into a folder (for profiling), then stop.
        for size in config.sizes {
            let generator = TreeGenerator(nodes: size)
            let path = "\(value)/\(generator.treeID).tree"
            do { try Measure.write(generator.bytes(), to: path) } catch { fail(error.description, status: 1) }
            print(path)
        }
        exit(0)
    default: fail("unknown option '\(name)' (see --help)")
    }
}
for path in [config.defuse, config.minimal].compactMap({ $0 }) where access(path, X_OK) != 0 {
    fail("\(path) is not an executable: build with 'swift build -c release' first (or 'make bench')")
}
if config.defuse != nil, FileSystem.kind(config.bundledTrees) != .directory {
    fail("no bundled trees at '\(config.bundledTrees)': run from the repository root or pass --trees DIR")
}

let bench = Benchmark(configuration: config, extras: BenchExtras.available, progress: { line in
    printError("  " + line)
})
let results: Benchmark.Results
do {
    results = try bench.run()
} catch {
    fail(error.description, status: 1)
}
print(Report.table(results), terminator: "")
if let jsonPath {
    var cores = "\(sysconf(Int32(_SC_NPROCESSORS_ONLN)))"
    if cores == "-1" { cores = "unknown" }
    let json = Report.json(results, machine: [("cores", .string(cores))])
    do { try Measure.write(Array((json.pretty() + "\n").utf8), to: jsonPath) } catch {
        fail(error.description, status: 1)
    }
    print("Wrote \(jsonPath).")
}
