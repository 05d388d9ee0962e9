import DefuseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Saved paths of made-up workshop sessions, for timing `defuse report`:
/// seeded random walks of a library's trees (the bundled ones in `make
/// bench`), each of 3 to 14 steps from a random tree's start, crossing into
/// other trees as choices lead. About one step in four has a note; every
/// third session drills (words said at most turns, each rated); every fifth
/// tries a branch and goes back. Each reading of a session's clock moves it
/// on 5 to 40 seconds. The same seed gives the same files.
public struct PathGenerator {
    public var library: Library
    public var seed: UInt64

    public init(library: Library, seed: UInt64 = 1) {
        self.library = library
        self.seed = seed
    }

    /// A clock for a generated session: each reading `step` seconds after the last.
    final class Ticker: @unchecked Sendable {
        var t: Int64
        let step: Int64
        init(start: Int64, step: Int64) {
            t = start
            self.step = step
        }
        func next() -> Timestamp {
            t += step
            return Timestamp(seconds: t)
        }
    }

    static let notes = [
        "Good eye contact; the voice stayed low.",
        "Rushed the apology. Try again slower.",
        "The room disagreed here: half would have gone the other way.",
        "Used the customer's name, which helped.",
        "Too long an explanation; keep it to one sentence.",
    ]

    static let words = [
        "I can see why you're upset. Let's sort it out.",
        "I hear you. What would help most right now?",
        "Sorry about that, let me see what I can do.",
        "Please keep it civil so I can help you.",
    ]

    /// The `index`th session's path.
    public func document(_ index: Int) -> PathDocument {
        var rng = SplitMix(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(max(1, n))) }
        let clock = Ticker(start: 1_795_600_000 + Int64(index) * 600, step: 5 + Int64(pick(36)))
        var session = Session(library: library, clock: { clock.next() })
        let drill = index % 3 == 0
        let tryBranch = index % 5 == 0
        session.setDrill(drill)
        _ = try? session.open(library.trees[pick(library.trees.count)].id)
        let length = 3 + pick(12)
        var k = 0
        while k + 1 < length, let here = session.current {
            let node = library.node(here)
            if drill && node.phraseCount > 0 && pick(4) != 0 {
                let said = pick(2) == 0 ? "\(1 + pick(node.phraseCount))" : Self.words[pick(Self.words.count)]
                if (try? session.say(said)) != nil { try? session.rate(1 + pick(5)) }
            }
            if pick(4) == 0 { try? session.addNote(Self.notes[pick(Self.notes.count)]) }
            guard node.choices.count > 0 else { break }
            if tryBranch && k == 1 {
                _ = try? session.choose(1 + pick(node.choices.count))
                _ = try? session.back()
            }
            _ = try? session.choose(1 + pick(node.choices.count))
            k += 1
        }
        return PathDocument(session: session, version: "bench", created: clock.next())
    }

    /// Writes `count` path files into `dir`, in folders of a thousand
    /// (`workshop-01/00001.json`, ...), without syncing each; returns the bytes written.
    public func write(count: Int, to dir: String) throws(Measure.SpawnError) -> Int {
        var bytes = 0
        for i in 0..<count {
            let folder = dir + "/" + Self.folder(i)
            if i % 1000 == 0 && mkdir(folder, 0o755) != 0 && errno != EEXIST {
                throw Measure.SpawnError(description: "cannot create \(folder): \(String(cString: strerror(errno)))")
            }
            let text = Array(document(i).encoded().utf8)
            try Measure.write(text, to: folder + "/" + Self.file(i), sync: false)
            bytes += text.count
        }
        sync()
        return bytes
    }

    /// Removes what `write(count:to:)` wrote.
    public static func remove(count: Int, from dir: String) {
        for i in 0..<count {
            unlink(dir + "/" + folder(i) + "/" + file(i))
            if i % 1000 == 999 || i == count - 1 { rmdir(dir + "/" + folder(i)) }
        }
    }

    static func folder(_ i: Int) -> String {
        let n = i / 1000 + 1
        return "workshop-" + (n < 10 ? "0" : "") + String(n)
    }

    static func file(_ i: Int) -> String {
        let digits = String(i + 1)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".json"
    }
}
