import DefuseBenchKit
import DefuseCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The benchmark runs and its generated trees are what it claims. No timing
/// is asserted here: speed lives in `make bench`.
@Suite struct BenchSmokeTests {
    @Test func generatedTreeHasTheDescribedShape() throws {
        let generator = TreeGenerator(nodes: 50)
        let (tree, diagnostics) = TreeParser(file: "g.tree").parse(generator.bytes(), defaultID: "g")
        #expect(diagnostics.isEmpty)
        let t = try #require(tree)
        #expect(t.id == "bench-50")
        #expect(t.nodes.count == 50)
        var ends = 0
        for (i, node) in t.nodes.enumerated() {
            #expect(node.id == "n\(i)")
            #expect(node.guidance.count == 1)  // three lines joined into one paragraph
            #expect(node.phrases.count == 2)
            if node.choices.isEmpty {
                ends += 1
                #expect(node.outcome != nil)
            } else {
                #expect(node.choices.count == 3)
                for c in node.choices {
                    let target = try #require(t.nodeIndex[c.target.node ?? ""])
                    #expect(Int(target) > i, "choice of n\(i) must lead to a later node")
                }
            }
        }
        #expect(ends == generator.endCount)
        // Shared branches: some node is the target of more than one node.
        var incoming = [Int](repeating: 0, count: 50)
        for i in 0..<50 { for j in Set(generator.targets(of: i)) { incoming[j] += 1 } }
        #expect(incoming.contains { $0 > 1 })
    }

    @Test func sameSizeSameBytes() {
        #expect(TreeGenerator(nodes: 120).bytes() == TreeGenerator(nodes: 120).bytes())
        #expect(TreeGenerator(nodes: 120).bytes() != TreeGenerator(nodes: 120, seed: 1).bytes())
    }

    @Test func fileSizeIsAboutThreeHundredSeventyBytesANode() {
        let bytes = TreeGenerator(nodes: 1_000).bytes().count
        #expect(bytes > 330_000 && bytes < 420_000, "\(bytes) bytes for 1,000 nodes")
    }

    @Test func benchmarkRunsOnATinySize() throws {
        var config = Benchmark.Configuration()
        config.sizes = [50]
        config.runs = 2
        config.steps = 200
        config.defuse = nil  // no child processes: the release binary may not exist here
        var exported = 0
        var counted = 0
        let extras = Benchmark.Extras(
            countPaths: { library in counted += 1; return "\(library.nodeCount)" },
            exports: [("steps", { session in exported += 1; return session.steps.count })])
        let results = try Benchmark(configuration: config, extras: extras).run()
        #expect(results.startup == nil)
        let size = try #require(results.sizes.first)
        #expect(results.sizes.count == 1)
        #expect(size.nodes == 50)
        #expect(size.fileBytes == TreeGenerator(nodes: 50).bytes().count)
        #expect(size.loadMilliseconds > 0)
        #expect(size.loadCPUMilliseconds > 0)
        #expect(size.microsecondsPerStep > 0)
        #expect(size.pathCountMilliseconds != nil)
        #expect(size.pathCountDigits == 2)  // "50"
        #expect(size.readMilliseconds > 0)
        #expect(size.parseMilliseconds > 0)
        #expect(size.peakResidentBytes == nil)
        #expect(counted == 2)
        #expect(exported == 2)
        #expect(results.exports.map(\.format) == ["steps"])

        let table = Report.table(results)
        #expect(table.contains("50  "))
        #expect(table.contains("step, every size"))
        let json = Report.json(results)
        #expect(json["sizes"]?.arrayValue?.count == 1)
        #expect(json["sizes"]?.arrayValue?.first?["nodes"]?.intValue == 50)
    }

    @Test func walkTakesEveryStepAndRestartsAtEnds() throws {
        // A 5-node tree ends after at most four choices, so a 200-step walk must restart.
        let dir = Measure.makeTempDir(prefix: "defuse-bench-test")
        let generator = TreeGenerator(nodes: 5)
        let path = dir + "/t.tree"
        try Measure.write(generator.bytes(), to: path)
        defer { unlink(path); rmdir(dir) }
        var config = Benchmark.Configuration()
        config.runs = 1
        config.steps = 200
        let bench = Benchmark(configuration: config)
        let (library, _, _) = try bench.measureLoad(path: path, nodes: 5)
        let (_, session) = try bench.measureWalk(library, treeID: generator.treeID)
        var choices = 0
        var restarts = 0
        for step in session.steps {
            switch step.arrival {
            case .choice: choices += 1
            case .restart: restarts += 1
            default: break
            }
        }
        #expect(choices == 200)
        #expect(restarts > 0)
    }

    @Test func loadRefusesATreeOfTheWrongSize() throws {
        let dir = Measure.makeTempDir(prefix: "defuse-bench-test")
        let path = dir + "/t.tree"
        try Measure.write(TreeGenerator(nodes: 10).bytes(), to: path)
        defer { unlink(path); rmdir(dir) }
        var config = Benchmark.Configuration()
        config.runs = 1
        #expect(throws: Benchmark.Failure.self) {
            _ = try Benchmark(configuration: config).measureLoad(path: path, nodes: 11)
        }
    }

    @Test func childProcessReportsStatusAndMemory() throws {
        let ok = try Measure.run("/bin/sh", ["-c", "exit 3"])
        #expect(ok.status == 3)
        #expect(ok.maxResidentBytes > 0)
        #expect(throws: Measure.SpawnError.self) { _ = try Measure.run("/nonexistent/program", []) }
    }

    @Test func memoryHelperReportsTheChildsStatusAndPeak() throws {
        let dir = Measure.makeTempDir(prefix: "defuse-bench-test")
        defer { rmdir(dir) }
        let out = dir + "/rss.txt"
        let status = Measure.peakHelperMain([Measure.peakHelperFlag, out, "/bin/sh", "-c", "exit 4"])
        #expect(status == 0)
        let text = try #require(readAll(out))
        unlink(out)
        let parts = text.split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts.first == "4")
        #expect((Int(parts.last?.dropLast() ?? "") ?? 0) > 0)
        // Without a helper the child is measured directly.
        let direct = try Measure.peakMemory(of: "/bin/sh", ["-c", "exit 5"], helper: nil, scratch: dir)
        #expect(direct.status == 5)
        #expect(direct.bytes > 0)
        #expect(Measure.peakHelperMain(["--other"]) == 2)
    }

    /// The report's path files: valid saved paths of the trees given, with
    /// what a report shows (notes, drills, branches undone, outcomes, more
    /// than one tree), the same for the same seed; written in folders of a thousand.
    @Test func generatedPathsAreValidWorkshopSessions() throws {
        let dir = Measure.makeTempDir(prefix: "defuse-bench-test")
        defer { rmdir(dir) }
        let trees = dir + "/t.tree"
        try Measure.write(TreeGenerator(nodes: 40).bytes(), to: trees)
        defer { unlink(trees) }
        let library = Loader().load(paths: [trees]).library
        let generator = PathGenerator(library: library)
        var notes = 0, said = 0, rated = 0, undone = 0, ended = 0
        for i in 0..<60 {
            let doc = generator.document(i)
            let text = doc.encoded()
            guard case .success(let back) = PathDocument.decode(text: text) else {
                Issue.record("path \(i) does not decode")
                continue
            }
            #expect(back == doc)
            #expect(doc.steps.count >= 2 && doc.steps.count <= 14)
            #expect(Replay.run(doc, library: library).clean)
            #expect(generator.document(i).encoded() == text)
            for (_, _, _, step) in doc.allSteps {
                notes += step.notes.count
                if step.annotations.said != nil { said += 1 }
                if step.annotations.rating != nil { rated += 1 }
            }
            undone += doc.steps.filter { !$0.undone.isEmpty }.count
            if doc.outcome != nil { ended += 1 }
        }
        #expect(notes > 0 && said > 0 && rated > 0 && undone > 0 && ended > 0)
        #expect(PathGenerator(library: library, seed: 2).document(3).encoded() != generator.document(3).encoded())

        let paths = dir + "/paths"
        mkdir(paths, 0o755)
        defer { rmdir(paths) }
        let bytes = try generator.write(count: 1_001, to: paths)
        #expect(bytes > 0)
        guard case .success(let folders) = FileSystem.list(paths) else { Issue.record("no folders"); return }
        #expect(folders == ["workshop-01", "workshop-02"])
        if case .success(let second) = FileSystem.list(paths + "/workshop-02") { #expect(second == ["01001.json"]) }
        // The benchmark's runs of `defuse report`, with a stand-in that exits 0.
        var config = Benchmark.Configuration()
        config.reportRuns = 2
        let result = try Benchmark(configuration: config).measureReport(defuse: "/bin/true", folder: paths, files: 1_001, bytes: bytes)
        #expect(result.markdownMilliseconds.count == 2 && result.jsonMilliseconds.count == 2)
        #expect(result.markdownMilliseconds.allSatisfy { $0 > 0 })
        var results = Benchmark.Results()
        results.report = result
        #expect(Report.table(results).contains("Report of 1,001 path files"))
        #expect(Report.json(results)["report"]?["files"]?.intValue == 1_001)
        #expect(throws: Benchmark.Failure.self) {
            _ = try Benchmark(configuration: config).measureReport(defuse: "/bin/false", folder: paths, files: 1, bytes: 1)
        }
        PathGenerator.remove(count: 1_001, from: paths)
    }

    func readAll(_ path: String) -> String? {
        guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func numberFormatting() {
        #expect(Report.fixed(3.14159, 2) == "3.14")
        #expect(Report.fixed(0.005, 1) == "0.0")
        #expect(Report.fixed(12.0, 0) == "12")
        #expect(Report.fixed(-1.25, 1) == "-1.3" || Report.fixed(-1.25, 1) == "-1.2")
        #expect(Report.grouped(100_000) == "100,000")
        #expect(Report.grouped(999) == "999")
        #expect(Report.median([3, 1, 2].map(Double.init)) == 2)
    }
}

extension Report {
    static func median(_ v: [Double]) -> Double { Measure.median(v) }
}
