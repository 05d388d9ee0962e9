/// Limits on untrusted input, each reported with a clear error.
public struct Limits: Sendable, Hashable {
    public var maxFileSize: Int = 64 << 20
    public var maxLineLength: Int = 1 << 20
    public var maxNodes: Int = 1_000_000
    public var maxChoicesPerNode: Int = 100_000
    public var maxFiles: Int = 10_000

    public init() {}
}
