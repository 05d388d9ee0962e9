import DefuseCore

enum REPLCommand {
    static let spec = CommandSpec(name: "", summary: "Step through de-escalation decision trees.", usage: ["[PATH...]"], options: [DefuseCLI.treesOption, DefuseCLI.colorOption, DefuseCLI.maxFileSizeOption])
    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 { 0 }
}
enum RunCommand {
    static let spec = CommandSpec(name: "run", summary: "Run a script of session commands.", usage: ["run FILE"], options: [])
    static func run(_ args: ParsedArguments, _ console: inout Console) -> Int32 { 0 }
}
