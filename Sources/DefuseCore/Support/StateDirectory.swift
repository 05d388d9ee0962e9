/// Where defuse keeps what it writes for itself (history, session journals):
/// `$XDG_STATE_HOME/defuse`, else `$HOME/.local/state/defuse`; and where it
/// reads its rc file: `$XDG_CONFIG_HOME/defuse/defuserc`, else
/// `$HOME/.config/defuse/defuserc`. Relative paths are ignored, as the XDG
/// spec asks; with neither variable set there is none.
public struct StateDirectory: Sendable, Hashable {
    /// The folder itself (it may not exist yet; `FileSystem.makeDirectories` makes it, 0700).
    public let path: String

    public init?(environment: [String: String]) {
        guard let path = Self.folder("XDG_STATE_HOME", else: ".local/state", environment) else { return nil }
        self.path = path
    }

    /// The line-editing history.
    public var history: String { FileSystem.join(path, "history") }
    /// The folder of session journals.
    public var sessions: String { FileSystem.join(path, "sessions") }

    /// The rc file: session commands run at the start of every interactive session.
    public static func rcFile(environment: [String: String]) -> String? {
        folder("XDG_CONFIG_HOME", else: ".config", environment).map { FileSystem.join($0, "defuserc") }
    }

    /// `$variable/defuse`, else `$HOME/fallback/defuse` (absolute paths only).
    private static func folder(_ variable: String, else fallback: String, _ environment: [String: String]) -> String? {
        if let base = environment[variable], base.hasPrefix("/") { return FileSystem.join(base, "defuse") }
        if let home = environment["HOME"], home.hasPrefix("/") { return FileSystem.join(FileSystem.join(home, fallback), "defuse") }
        return nil
    }
}
