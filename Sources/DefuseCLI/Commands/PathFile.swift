import DefuseCore

/// Reading a saved path file, shared by `replay`, `graph --path` and `load`.
enum PathFile {
    static let sizeLimit = 64 << 20

    /// The document in `file`, or a message naming the file and what is wrong.
    static func read(_ file: String) -> Result<PathDocument, PathDocumentError> {
        switch FileSystem.read(file, limit: sizeLimit) {
        case .failure(let failure):
            return .failure(PathDocumentError(path: "", message: failure.message))
        case .success(let bytes):
            return PathDocument.decode(bytes: bytes)
        }
    }
}
