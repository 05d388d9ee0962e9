/// Exit statuses: 0 success, 1 failure (errors in trees or a failed command),
/// 2 usage, 128 + N after signal N.
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2

    /// A step that could not be done, after saying why: the status to exit with.
    struct Failure: Error {
        var status: Int32
        init(_ status: Int32) { self.status = status }
    }
}
