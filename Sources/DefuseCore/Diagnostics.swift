/// A place in a source file: 1-based line and column (columns count Unicode
/// scalars, so they match what an editor shows for non-ASCII text).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A line and column inside one file; trees keep their file path once.
public struct Position: Hashable, Sendable, Comparable {
    public var line: Int32
    public var column: Int32

    public init(line: Int, column: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
    }

    public static func < (a: Position, b: Position) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }

    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }
}

public enum Severity: String, Sendable, Hashable {
    case error
    case warning
}

/// One finding about the input. Diagnostics are collected, never thrown.
public struct Diagnostic: Hashable, Sendable {
    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line and column; errors before warnings at one place.
    public func sortedForDisplay() -> [Diagnostic] {
        enumerated().sorted { a, b in
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            if a.element.severity != b.element.severity { return a.element.severity == .error }
            return a.offset < b.offset
        }.map(\.element)
    }

    public var errorCount: Int { reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
    public var warningCount: Int { reduce(0) { $0 + ($1.severity == .warning ? 1 : 0) } }
}
