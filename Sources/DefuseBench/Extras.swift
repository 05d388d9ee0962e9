import DefuseBenchKit
import DefuseCore

/// Path counting and export as `defuse paths --count` and the REPL's
/// `export` do them, plugged into the benchmark.
enum BenchExtras {
    static var available: Benchmark.Extras {
        Benchmark.Extras(
            countPaths: { library in
                // Graph, reachable part from the first tree's start, exact count.
                let graph = Graph(library)
                guard let start = library.start(of: 0) else { return "" }
                let pg = PathGraph(library: library, graph: graph, start: start)
                var budget = Budget.unlimited
                let counts = pg.countPaths(budget: &budget)
                return counts.total.description
            },
            exports: [
                ("json", { session in
                    PathDocument(session: session, version: "bench", created: Timestamp(seconds: 0)).encoded().utf8.count
                }),
                ("md", { session in
                    let doc = PathDocument(session: session, version: "bench", created: Timestamp(seconds: 0))
                    return PathExporter(document: doc, library: session.library).markdown().utf8.count
                }),
            ])
    }
}
