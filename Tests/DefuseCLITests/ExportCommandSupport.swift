@testable import DefuseCLI
import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

let exportFixtureTrees = fixtures + "/export/trees"

/// Runs defuse in memory with a clock that moves 20 seconds a reading.
func runExport(_ args: [String], color: Bool = true) -> (Int32, String, String) {
    let clock = SteppingClock(start: 1_795_444_200, step: 20)
    var console = Console(out: Output(memoryTerminal: false), err: Output(memoryTerminal: false),
                          environment: [:], inputFD: -1, inputIsTerminal: false, now: { clock.next() })
    let status = DefuseCLI.run(args + (color ? ["--color=never"] : []), console: &console)
    return (status, console.out.captured, console.err.captured)
}
