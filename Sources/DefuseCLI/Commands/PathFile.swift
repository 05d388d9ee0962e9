import DefuseCore

/// Reading saved path files: one (`replay`, `graph --path`, `load`), or a
/// workshop's worth, files and folders of them (`coverage`, `report`).
enum PathFile {
    static let sizeLimit = 64 << 20
    /// Path files one command reads at most, folders walked.
    static let maxFiles = 100_000

    /// The document in `file`, or a message naming the file and what is wrong.
    static func read(_ file: String, limit: Int = sizeLimit) -> Result<PathDocument, PathDocumentError> {
        switch FileSystem.read(file, limit: limit) {
        case .failure(let failure):
            return .failure(PathDocumentError(path: "", message: failure.message))
        case .success(let bytes):
            return PathDocument.decode(bytes: bytes)
        }
    }

    /// A file (or folder) that could not be read as a saved path: its name,
    /// and what is wrong, with the JSON path of the problem when there is one.
    struct Problem: CustomStringConvertible {
        var file: String
        var message: String
        var description: String { "\(file): \(message)" }
    }

    /// The files named by `paths`: a file as given (whatever its name), a
    /// folder walked for `.json` files, subfolders too, sorted by path
    /// (hidden ones skipped, each folder once).
    static func expand(_ paths: [String]) -> (files: [String], problems: [Problem]) {
        var files: [String] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        for root in paths {
            switch FileSystem.kind(root) {
            case .missing:
                problems.append(Problem(file: root, message: "no such file or folder"))
            case .file, .other:
                files.append(root)
            case .directory:
                let before = files.count
                var stack: [(String, Int)] = [(root, 0)]
                while let (dir, depth) = stack.popLast() {
                    if let id = FileSystem.identity(dir), !seen.insert("\(id.dev):\(id.inode)").inserted { continue }
                    let names: [String]
                    switch FileSystem.list(dir) {
                    case .failure(let failure):
                        problems.append(Problem(file: dir, message: failure.message))
                        continue
                    case .success(let list):
                        names = list
                    }
                    var subfolders: [(String, Int)] = []
                    for name in names where !name.hasPrefix(".") {
                        let path = FileSystem.join(dir, name)
                        switch FileSystem.kind(path) {
                        case .file where name.hasSuffix(".json"):
                            guard files.count < maxFiles else {
                                problems.append(Problem(file: path, message: "too many path files: the limit is \(maxFiles)"))
                                return (files, problems)
                            }
                            files.append(path)
                        case .directory where depth < 32:
                            subfolders.append((path, depth + 1))
                        default:
                            break
                        }
                    }
                    stack.append(contentsOf: subfolders.reversed())
                }
                if files.count == before {
                    problems.append(Problem(file: root, message: "no path files (.json) in this folder"))
                }
                files[before...].sort()
            }
        }
        return (files, problems)
    }

    /// Reads every path file named by `paths` (folders walked), handing each
    /// document to `body` in order and keeping none; the files that could
    /// not be read, each with what is wrong.
    static func readAll(_ paths: [String], limit: Int, _ body: (String, PathDocument) -> Void) -> [Problem] {
        var (files, problems) = expand(paths)
        for file in files {
            switch read(file, limit: limit) {
            case .failure(let e): problems.append(Problem(file: file, message: e.description))
            case .success(let doc): body(file, doc)
            }
        }
        return problems
    }
}
