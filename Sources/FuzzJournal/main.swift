// libFuzzer target (see 'make fuzz'): session journals, replayed as --resume
// does and read as follow does, against the bundled trees ($DEFUSE_TREES,
// default ./Trees).
import DefuseCore
import FuzzKit

let library = FuzzEntries.treesFromEnvironment()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.fuzz(data, size) { bytes throws(FuzzEntries.Violation) in try FuzzEntries.journal(bytes, library: library) }
}
