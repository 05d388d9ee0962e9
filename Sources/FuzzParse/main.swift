// libFuzzer target (see 'make fuzz'). A normal build makes a harmless no-op
// executable; the fuzzer build links libFuzzer, which calls this per input.
import FuzzKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntries.sandbox()
    do {
        try FuzzEntries.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        // A property violation is a finding: stop so libFuzzer saves the input.
        fatalError(error.message)
    }
    return 0
}
