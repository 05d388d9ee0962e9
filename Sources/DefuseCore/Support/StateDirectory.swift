/// Where defuse keeps what it writes for itself (history, session journals):
/// `$XDG_STATE_HOME/defuse`, else `$HOME/.local/state/defuse`. Relative
/// paths are ignored, as the XDG spec asks; with neither set there is none.
public struct StateDirectory: Sendable, Hashable {
    /// The folder itself (it may not exist yet; `FileSystem.makeDirectories` makes it, 0700).
    public let path: String

    public init?(environment: [String: String]) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            path = FileSystem.join(state, "defuse")
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            path = FileSystem.join(home, ".local/state/defuse")
        } else {
            return nil
        }
    }

    /// The line-editing history.
    public var history: String { FileSystem.join(path, "history") }
    /// The folder of session journals.
    public var sessions: String { FileSystem.join(path, "sessions") }
}
