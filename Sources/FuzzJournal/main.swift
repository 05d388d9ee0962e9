// libFuzzer target (see 'make fuzz'): session journals, replayed as --resume
// does and read as follow does, against the bundled trees ($DEFUSE_TREES,
// default ./Trees).
#if canImport(Glibc)
import Glibc
#endif
import DefuseCore
import FuzzKit

let library: Library = FuzzEntries.bundledLibrary(
    root: getenv("DEFUSE_TREES").map { String(cString: $0) } ?? "Trees")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.sandbox()
    do {
        try FuzzEntries.journal(Array(UnsafeBufferPointer(start: data, count: size)), library: library)
    } catch {
        fatalError(error.message)
    }
    return 0
}
