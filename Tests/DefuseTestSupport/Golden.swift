#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Compares `actual` with a golden file; `DEFUSE_RECORD=1` rewrites the file
/// instead (re-recording is always deliberate).
public func expectGolden(_ actual: String, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if let flag = getenv("DEFUSE_RECORD"), String(cString: flag) == "1" {
        writeText(path, actual)
        return
    }
    guard let expected = fileText(path) else {
        Issue.record("missing golden file \(path); run with DEFUSE_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "differs from \(path) (DEFUSE_RECORD=1 re-records)", sourceLocation: sourceLocation)
}
