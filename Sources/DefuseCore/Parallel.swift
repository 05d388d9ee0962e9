#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Two pieces of work at once, for the few big, read-only jobs of a load
/// (the machines we run on have two cores or more).
enum Parallel {
    /// Below this many items a job is done on one thread: starting a thread
    /// costs more than it saves (an idle core can take milliseconds to
    /// start one on a virtual machine).
    static let threshold = 200_000
    /// Files at least this big are read by two threads, a half each.
    static let readThreshold = 8 << 20

    /// Runs `first` on a new thread and `second` on this one, and returns
    /// when both are done. If no thread can be started, runs both here.
    static func both(_ first: @escaping @Sendable () -> Void, _ second: () -> Void) {
        final class Work {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }
        let context = Unmanaged.passRetained(Work(first)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<Work>.fromOpaque(context).takeRetainedValue().run()
            second()
            return
        }
        second()
        #if canImport(Darwin)
        pthread_join(thread!, nil)
        #else
        pthread_join(thread, nil)
        #endif
    }
}

extension Parallel {
    /// `first()` and `second()`, worked out at once when `together`.
    static func both<A: Sendable, B>(together: Bool, _ first: @escaping @Sendable () -> A,
                                     _ second: () -> B) -> (A, B) {
        guard together else { return (first(), second()) }
        let slot = UnsafeMutablePointer<A?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        defer { slot.deinitialize(count: 1); slot.deallocate() }
        let out = Handed(slot)
        var b: B?
        both({ out.value.pointee = first() }, { b = second() })
        return (slot.pointee!, b!)
    }
}

/// A value handed to the other thread of `Parallel.both`, which only reads
/// it or writes a part of it that this thread leaves alone.
struct Handed<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
