import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the tests of the analysis commands (paths, walk, coverage, check
/// --strict) share: running defuse in memory, trees written to a folder.
enum Fixture {
    static let root = packageRoot

    static func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                              environment: [:], now: { Timestamp(seconds: 1_795_000_000, utcOffset: 0) })
        let status = DefuseCLI.run(args, console: &console)
        return (status, console.out.captured, console.err.captured)
    }

    static func dir(_ files: [String: String]) -> String {
        let dir = makeTempDir()
        for (name, text) in files { write(dir + "/" + name, text) }
        return dir
    }

    static func write(_ path: String, _ text: String) {
        writeText(path, text)
    }

    static func json(_ text: String) throws -> JSON {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        switch JSON.parse(line) {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    /// A layered tree: `width` nodes a layer, each leading to every node of
    /// the next layer, the last layer to `last` (a target) or to an end node.
    static func layered(id: String, width: Int, layers: Int, last: String?) -> String {
        var t = "# Layered \(id)\nid: \(id)\n\n## start: Start\nsource: x\nGo.\n"
        for k in 0..<width { t += "* to \(k) -> l0-\(k)\n" }
        for layer in 0..<layers {
            for k in 0..<width {
                t += "## l\(layer)-\(k): Node\nsource: x\nGo.\n"
                for j in 0..<width {
                    t += "* to \(j) -> " + (layer + 1 < layers ? "l\(layer + 1)-\(j)" : (last ?? "end")) + "\n"
                }
            }
        }
        if last == nil { t += "## end: End\nsource: x\noutcome: resolved\nDone.\n" }
        return t
    }

    static let small = """
    # Small
    id: small
    ## s: Start
    source: x
    Go.
    * one -> a
    * two -> b
    * again -> a
    ## a: A
    source: x
    Go.
    * on -> good
    * back -> s
    * other -> b
    ## b: B
    source: x
    Go.
    * on -> bad
    * sideways -> a
    ## good: Good
    source: x
    outcome: resolved
    Done.
    ## bad: Bad
    source: x
    outcome: ended
    Done.
    """
}
