import DefuseCore

/// The benchmark's table, its verdict on each target, and `bench.json`.
public enum Report {
    /// The targets from the performance issue.
    public enum Target {
        public static let startupRatio = 2.0
        public static let loadMilliseconds100k = 80.0
        public static let microsecondsPerStep = 10.0
        public static let residentPerFileByte = 2.0
        public static let growth10x = 12.0
        /// `defuse report` on 10,000 path files: "about a second".
        public static let reportMilliseconds = 1000.0
    }

    public struct Verdict: Sendable {
        public var name: String
        public var measured: String
        public var target: String
        /// nil when it could not be measured.
        public var met: Bool?
    }

    /// Each target with its measured figure.
    public static func verdicts(_ r: Benchmark.Results) -> [Verdict] {
        var out: [Verdict] = []
        if let s = r.startup, let m = s.minimalMilliseconds {
            let ratio = s.defuseMilliseconds / m
            out.append(Verdict(name: "start-up vs minimal Swift",
                               measured: "\(fixed(s.defuseMilliseconds, 2)) ms vs \(fixed(m, 2)) ms = \(fixed(ratio, 2))x"
                                   + (s.minimalCPUMilliseconds.map { " (CPU \(fixed(s.defuseCPUMilliseconds / $0, 2))x)" } ?? ""),
                               target: "< \(fixed(Target.startupRatio, 0))x", met: ratio < Target.startupRatio))
        } else {
            out.append(Verdict(name: "start-up vs minimal Swift", measured: "n/a", target: "< 2x", met: nil))
        }
        if let big = r.sizes.first(where: { $0.nodes == 100_000 }) {
            out.append(Verdict(name: "load of 100,000 nodes",
                               measured: "\(fixed(big.loadMilliseconds, 1)) ms (CPU \(fixed(big.loadCPUMilliseconds, 1)) ms)",
                               target: "< \(fixed(Target.loadMilliseconds100k, 0)) ms",
                               met: big.loadMilliseconds < Target.loadMilliseconds100k))
        }
        if !r.sizes.isEmpty {
            let worst = r.sizes.map(\.microsecondsPerStep).max()!
            let all = r.sizes.map { fixed($0.microsecondsPerStep, 2) }.joined(separator: " / ")
            out.append(Verdict(name: "step, every size", measured: "\(all) µs",
                               target: "< \(fixed(Target.microsecondsPerStep, 0)) µs",
                               met: worst < Target.microsecondsPerStep))
        }
        if let big = r.sizes.last, let rss = big.peakResidentBytes {
            let ratio = Double(rss) / Double(big.fileBytes)
            out.append(Verdict(name: "peak memory at \(grouped(big.nodes)) nodes",
                               measured: "\(megabytes(rss)) MB for a \(megabytes(big.fileBytes)) MB file = \(fixed(ratio, 2))x",
                               target: "< \(fixed(Target.residentPerFileByte, 0))x the file",
                               met: ratio < Target.residentPerFileByte))
        }
        if let a = r.sizes.first(where: { $0.nodes == 10_000 }), let b = r.sizes.first(where: { $0.nodes == 100_000 }) {
            let ratio = b.loadMilliseconds / a.loadMilliseconds
            var measured = "load \(fixed(ratio, 1))x (CPU \(fixed(b.loadCPUMilliseconds / a.loadCPUMilliseconds, 1))x)"
            var met = ratio <= Target.growth10x
            let check = b.checkMilliseconds / a.checkMilliseconds
            measured += ", check \(fixed(check, 1))x"
            met = met && check <= Target.growth10x
            if let ra = a.peakResidentBytes, let rb = b.peakResidentBytes {
                let memory = Double(rb) / Double(ra)
                measured += ", memory \(fixed(memory, 1))x"
                met = met && memory <= Target.growth10x
            }
            out.append(Verdict(name: "100,000 vs 10,000 nodes", measured: measured,
                               target: "<= \(fixed(Target.growth10x, 0))x", met: met))
            // An exact count is a number with as many digits as the tree is
            // deep, each of its sums costs its digits: graph work times
            // number size, not a cost of the tree's size alone.
            if let pa = a.pathCountMilliseconds, let pb = b.pathCountMilliseconds,
               let da = a.pathCountDigits, let db = b.pathCountDigits {
                out.append(Verdict(name: "  path counting (not a target)",
                                   measured: "\(fixed(pb / pa, 1))x, counts of \(grouped(da)) and \(grouped(db)) digits",
                                   target: "", met: nil))
            }
        }
        if let rep = r.report {
            let md = Measure.median(rep.markdownMilliseconds)
            let json = Measure.median(rep.jsonMilliseconds)
            out.append(Verdict(name: "report of \(grouped(rep.files)) path files",
                               measured: "md \(fixed(md, 0)) ms, json \(fixed(json, 0)) ms",
                               target: "about \(fixed(Target.reportMilliseconds, 0)) ms",
                               met: max(md, json) < Target.reportMilliseconds * 1.2))
        }
        return out
    }

    /// The table printed by `make bench`.
    public static func table(_ r: Benchmark.Results) -> String {
        var out = ""
        if let s = r.startup {
            out += "Start-up to the first prompt, bundled trees: \(fixed(s.defuseMilliseconds, 2)) ms"
            out += " (CPU \(fixed(s.defuseCPUMilliseconds, 2)) ms)"
            if let m = s.minimalMilliseconds, let mc = s.minimalCPUMilliseconds {
                out += "; minimal Swift program: \(fixed(m, 2)) ms (CPU \(fixed(mc, 2)) ms)"
            }
            out += "\n\n"
        }
        let header = ["nodes", "file MB", "load ms", "cpu ms", "MB/s", "read ms", "parse ms", "check ms", "µs/step", "paths ms",
                      "digits", "peak MB", "peak/file"]
        var rows: [[String]] = [header]
        for s in r.sizes {
            rows.append([
                grouped(s.nodes),
                megabytes(s.fileBytes),
                fixed(s.loadMilliseconds, s.loadMilliseconds < 10 ? 2 : 1),
                fixed(s.loadCPUMilliseconds, s.loadCPUMilliseconds < 10 ? 2 : 1),
                fixed(s.loadMegabytesPerSecond, 0),
                fixed(s.readMilliseconds, s.readMilliseconds < 10 ? 2 : 1),
                fixed(s.parseMilliseconds, s.parseMilliseconds < 10 ? 2 : 1),
                fixed(s.checkMilliseconds, s.checkMilliseconds < 10 ? 2 : 1),
                fixed(s.microsecondsPerStep, 2),
                s.pathCountMilliseconds.map { fixed($0, $0 < 10 ? 2 : 1) } ?? "n/a",
                s.pathCountDigits.map { grouped($0) } ?? "n/a",
                s.peakResidentBytes.map { megabytes($0) } ?? "n/a",
                s.peakResidentBytes.map { fixed(Double($0) / Double(s.fileBytes), 2) + "x" } ?? "n/a",
            ])
        }
        out += layout(rows)
        out += "\n\(r.steps)-step export (largest tree): "
            + (r.exports.isEmpty ? "n/a (not built yet)"
                : r.exports.map { "\($0.format) \(fixed($0.milliseconds, 2)) ms" }.joined(separator: ", ")) + "\n"
        if r.sizes.contains(where: { $0.pathCountMilliseconds == nil }) {
            out += "Path counting: n/a (not built yet)\n"
        }
        if let rep = r.report {
            func runs(_ v: [Double]) -> String {
                "\(fixed(Measure.median(v), 0)) ms (runs: " + v.map { fixed($0, 0) }.joined(separator: ", ") + ")"
            }
            out += "Report of \(grouped(rep.files)) path files (\(megabytes(rep.bytes)) MB, bundled trees): md "
                + runs(rep.markdownMilliseconds) + ", CPU \(fixed(rep.markdownCPUMilliseconds, 0)) ms; json " + runs(rep.jsonMilliseconds) + "\n"
        }
        out += "Load: Loader().load (read, parse, resolve, check), wall clock and CPU time; read, parse and check: each part alone.\n"
        out += "Medians of \(r.runs) runs; "
        out += "a step is Session.choose on a \(r.steps)-step scripted walk; peak: ru_maxrss of 'defuse check FILE'.\n"
        out += "\nTargets:\n"
        var vrows: [[String]] = [["", "target", "measured", ""]]
        for v in verdicts(r) {
            vrows.append([v.name, v.target, v.measured, v.met.map { $0 ? "met" : "MISSED" } ?? (v.target.isEmpty ? "" : "n/a")])
        }
        out += layout(vrows, rightAligned: false)
        for note in r.notes { out += "note: \(note)\n" }
        return out
    }

    /// Results as JSON for `bench.json`.
    public static func json(_ r: Benchmark.Results, machine: [(String, JSON)] = []) -> JSON {
        func num(_ d: Double?) -> JSON { d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        var pairs: [(String, JSON)] = []
        if !machine.isEmpty { pairs.append(("machine", .object(machine))) }
        pairs.append(("runs", .int(r.runs)))
        pairs.append(("steps", .int(r.steps)))
        if let s = r.startup {
            pairs.append(("startup", .object([
                ("defuse_ms", num(s.defuseMilliseconds)),
                ("minimal_swift_ms", num(s.minimalMilliseconds)),
                ("ratio", num(s.minimalMilliseconds.map { s.defuseMilliseconds / $0 })),
                ("defuse_cpu_ms", num(s.defuseCPUMilliseconds)),
                ("minimal_swift_cpu_ms", num(s.minimalCPUMilliseconds)),
            ])))
        } else {
            pairs.append(("startup", .null))
        }
        pairs.append(("sizes", .array(r.sizes.map { s in
            .object([
                ("nodes", .int(s.nodes)),
                ("file_bytes", .int(s.fileBytes)),
                ("load_ms", num(s.loadMilliseconds)),
                ("load_cpu_ms", num(s.loadCPUMilliseconds)),
                ("load_mb_per_s", num(s.loadMegabytesPerSecond)),
                ("read_ms", num(s.readMilliseconds)),
                ("parse_ms", num(s.parseMilliseconds)),
                ("check_ms", num(s.checkMilliseconds)),
                ("step_us", num(s.microsecondsPerStep)),
                ("path_count_ms", num(s.pathCountMilliseconds)),
                ("path_count_digits", s.pathCountDigits.map { .int($0) } ?? .null),
                ("peak_rss_bytes", s.peakResidentBytes.map { .int($0) } ?? .null),
            ])
        })))
        pairs.append(("export_ms", .object(r.exports.map { ($0.format, num($0.milliseconds)) })))
        if let rep = r.report {
            pairs.append(("report", .object([
                ("files", .int(rep.files)),
                ("bytes", .int(rep.bytes)),
                ("md_ms", num(Measure.median(rep.markdownMilliseconds))),
                ("md_runs_ms", .array(rep.markdownMilliseconds.map { num($0) })),
                ("md_cpu_ms", num(rep.markdownCPUMilliseconds)),
                ("json_ms", num(Measure.median(rep.jsonMilliseconds))),
                ("json_runs_ms", .array(rep.jsonMilliseconds.map { num($0) })),
            ])))
        } else {
            pairs.append(("report", .null))
        }
        pairs.append(("targets", .array(verdicts(r).map { v in
            .object([("name", .string(v.name)), ("target", .string(v.target)),
                     ("measured", .string(v.measured)), ("met", v.met.map { .bool($0) } ?? .null)])
        })))
        return .object(pairs)
    }

    // MARK: Formatting (no Foundation)

    /// `d` with `places` decimals.
    public static func fixed(_ d: Double, _ places: Int) -> String {
        guard d.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let n = Int((abs(d) * scale).rounded())
        let sign = d < 0 && n != 0 ? "-" : ""
        if places == 0 { return sign + String(n) }
        let whole = n / Int(scale)
        var frac = String(n % Int(scale))
        while frac.count < places { frac = "0" + frac }
        return "\(sign)\(whole).\(frac)"
    }

    /// 100000 as "100,000".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_000_000
        return fixed(mb, mb < 10 ? 2 : 1)
    }

    static func layout(_ rows: [[String]], rightAligned: Bool = true) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += (rightAligned && i > 0) ? pad + cell : cell + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
