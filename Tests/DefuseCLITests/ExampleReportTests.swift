@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `Examples/workshop/` is a small workshop: each `.defuse` script there is
/// walked with a fixed clock and saved as the `.json` beside it, and
/// `Examples/workshop-report.md` and `.json` are what `defuse report` makes of
/// the folder. This test fails when any of them goes stale; DEFUSE_RECORD=1
/// regenerates them.
@Suite struct ExampleReportTests {
    /// One session of the workshop: its script, when it started, how many
    /// seconds each reading of the clock moves on, and the trees it was walked
    /// with (the bundled ones unless said otherwise).
    struct Walk {
        var name: String
        var start: Int64
        var step: Int64
        var trees: [String] = ["Trees"]
    }

    static let walks = [
        Walk(name: "group-a", start: 1_795_685_400, step: 40),
        Walk(name: "group-b", start: 1_795_688_100, step: 35),
        Walk(name: "ana", start: 1_795_690_800, step: 12),
        Walk(name: "ben", start: 1_795_692_000, step: 17),
        Walk(name: "chloe", start: 1_795_693_200, step: 25),
        // An earlier workshop, with the angry tree as it was at 5045627.
        Walk(name: "dev", start: 1_793_282_400, step: 30,
             trees: ["Tests/Fixtures/report/angry-5045627.tree", "Trees/rude.tree", "Trees/abusive.tree",
                     "Trees/damaged-book.tree", "Trees/missed-comic.tree"]),
    ]

    static let folder = packageRoot + "/Examples/workshop"

    /// Runs the walk's script as `defuse run` would, and returns its path.
    static func walk(_ w: Walk) -> PathDocument? {
        walkExample(folder + "/" + w.name + ".defuse", trees: w.trees, start: w.start, step: w.step)
    }

    @Test func workshopPathsAndReport() throws {
        var docs: [String: PathDocument] = [:]
        for w in Self.walks {
            guard let doc = Self.walk(w) else { continue }
            docs[w.name] = doc
            expectGolden(doc.encoded(), Self.folder + "/" + w.name + ".json")
        }
        // The workshop has what a report should show: every outcome kind, an
        // unfinished walk, branches tried and undone, drills, notes, another language.
        #expect(Set(docs.values.map(\.outcome)) == ["resolved", "escalated", nil])
        #expect(docs["ben"]?.outcome == nil)
        #expect(docs["group-a"]?.steps.contains { !$0.undone.isEmpty } == true)
        #expect(docs["chloe"]?.lang == "nl")
        #expect(docs["ana"]?.steps.contains { $0.drill && $0.annotations.rating != nil } == true)
        // Dev's path was made with an older angry tree: it drifts, and says so.
        let trees = Loader().load(paths: [packageRoot + "/Trees"]).library
        let dev = try #require(docs["dev"])
        let replay = Replay.run(dev, library: trees)
        #expect(replay.changedTrees == ["angry"])
        #expect(replay.drifts.map(\.kind) == [.textChanged, .textChanged, .textChanged])
        #expect(docs.filter { $0.key != "dev" }.allSatisfy { Replay.run($0.value, library: trees).clean })

        // The report of the folder, with the folder named as a coach in Examples/ would.
        for format in ReportExporter.Format.allCases {
            let r = Fixture.run(["report", "--trees", packageRoot + "/Trees", "--format", format.rawValue, Self.folder])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.err.isEmpty)
            let text = r.out.replacingOccurrences(of: packageRoot + "/Examples/", with: "")
            expectGolden(text, packageRoot + "/Examples/workshop-report." + format.rawValue)
        }
    }
}
