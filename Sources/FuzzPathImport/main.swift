// libFuzzer target (see 'make fuzz'): defuse.path/1 documents, decoded and
// replayed against the bundled trees ($DEFUSE_TREES, default ./Trees).
import DefuseCore
import FuzzKit

let library = FuzzEntries.treesFromEnvironment()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.fuzz(data, size) { bytes throws(FuzzEntries.Violation) in try FuzzEntries.pathImport(bytes, library: library) }
}
