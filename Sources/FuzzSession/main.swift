// libFuzzer target (see 'make fuzz'). A normal build makes a harmless no-op
// executable; the fuzzer build links libFuzzer, which calls this per input.
import FuzzKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.fuzz(data, size) { bytes throws(FuzzEntries.Violation) in try FuzzEntries.session(bytes) }
}
