// A small command-line parser (no dependencies): one optional command word, then
// options with values (`--inputs 1,8,64` or `--inputs=1,8,64`), flags (`--vector`),
// `--help`/`-h`. Errors are typed and carry a one-line message plus the usage to print.

/// One option a command accepts.
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes (`inputs` for `--inputs`).
    public let name: String
    /// A one-letter alias without the dash (`h` for `-h`), if any.
    public let short: Character?
    /// The placeholder shown in help (`LIST`, `SECONDS`); `nil` for a flag, which takes no value.
    public let valueName: String?
    /// One line of help.
    public let help: String

    /// An option that takes a value (`valueName` non-nil) or a flag (`valueName` nil).
    public init(_ name: String, short: Character? = nil, value valueName: String? = nil, help: String) {
        self.name = name
        self.short = short
        self.valueName = valueName
        self.help = help
    }

    /// Whether the option is a flag (takes no value).
    public var isFlag: Bool { valueName == nil }
}

/// One command: its word, a summary and the options it accepts (`--help` is implicit).
public struct CommandSpec: Sendable {
    /// The command word (`sweep`); the empty string is the default command.
    public let name: String
    /// One line for the command list.
    public let summary: String
    /// Longer help shown below the usage line.
    public let details: String
    /// The options, in the order help lists them.
    public let options: [OptionSpec]

    /// A command with the given word, help text and options.
    public init(name: String, summary: String, details: String = "", options: [OptionSpec]) {
        self.name = name
        self.summary = summary
        self.details = details
        self.options = options
    }

    /// The usage line, e.g. `usage: adbench sweep [--problem NAME] [--vector]`.
    /// - Complexity: O(number of options).
    public var usage: String {
        let word = name.isEmpty ? "adbench" : "adbench \(name)"
        let parts = options.map { $0.isFlag ? "[--\($0.name)]" : "[--\($0.name) \($0.valueName!)]" }
        return (["usage: \(word)"] + parts + ["[--help]"]).joined(separator: " ")
    }

    /// The full help text: usage, details, one line per option.
    /// - Complexity: O(total help length).
    public var help: String {
        var lines = [usage, ""]
        if !details.isEmpty { lines += [details, ""] }
        lines.append("options:")
        let rows =
            options.map { ($0.isFlag ? "--\($0.name)" : "--\($0.name) \($0.valueName!)", $0.help) }
            + [("-h, --help", "show this help and exit")]
        let width = rows.map(\.0.count).max() ?? 0
        for (left, right) in rows {
            lines.append("  " + left + String(repeating: " ", count: width - left.count + 2) + right)
        }
        return lines.joined(separator: "\n")
    }

    /// The option spec with the given long name or one-letter alias.
    func option(named name: String) -> OptionSpec? {
        if name.count == 1, let c = name.first { return options.first { $0.short == c } }
        return options.first { $0.name == name }
    }
}

/// A bad command line: a one-line message naming the problem, and the usage to print under it.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One line, e.g. `unknown option '--foo' for 'adbench sweep'`.
    public let message: String
    /// The usage line of the command concerned (or the command list).
    public let usage: String

    /// An error with the given message and usage.
    public init(_ message: String, usage: String) {
        self.message = message
        self.usage = usage
    }

    /// `error: <message>` then the usage, as printed on stderr.
    public var description: String { "error: \(message)\n\(usage)" }
}

/// A parsed command line: the command, option values by long name, flags that were set.
public struct ParsedCommand: Sendable, Equatable {
    /// The command word ("" for the default command).
    public var command: String
    /// Values of options that take one, by long name (the last occurrence wins).
    public var values: [String: String] = [:]
    /// Long names of the flags that were given.
    public var flags: Set<String> = []
    /// Whether `--help` or `-h` was given.
    public var wantsHelp = false
    /// Whether `--version` was given (default command only).
    public var wantsVersion = false
}

/// Parses `arguments` (without the program name) against the `commands`.
///
/// The first argument selects a command when it does not start with `-`; otherwise the
/// command named "" (the default) is used. Then every argument must be `--name value`,
/// `--name=value`, a flag `--name`, `-x` for a one-letter alias, or `--help`/`-h`.
/// - Throws: ``UsageError`` for an unknown command or option, a missing value, a value
///   given to a flag, or a stray positional argument.
/// - Complexity: O(arguments × options).
public func parseArguments(_ arguments: [String], commands: [CommandSpec]) throws(UsageError) -> ParsedCommand {
    let list = commandList(commands)
    var rest = arguments[...]
    var name = ""
    if let first = rest.first, !first.hasPrefix("-") {
        name = first
        rest = rest.dropFirst()
    }
    guard let spec = commands.first(where: { $0.name == name }) else {
        throw UsageError("unknown command '\(name)'", usage: list)
    }
    var parsed = ParsedCommand(command: name)
    let word = name.isEmpty ? "adbench" : "adbench \(name)"
    while let argument = rest.popFirst() {
        if argument == "--help" || argument == "-h" { parsed.wantsHelp = true; continue }
        if argument == "--version" && name.isEmpty { parsed.wantsVersion = true; continue }
        guard argument.hasPrefix("-"), argument.count > 1 else {
            throw UsageError("unexpected argument '\(argument)' for '\(word)'", usage: spec.usage)
        }
        var key = String(argument.drop { $0 == "-" })
        var inline: String?
        if argument.hasPrefix("--"), let eq = key.firstIndex(of: "=") {
            inline = String(key[key.index(after: eq)...])
            key = String(key[..<eq])
        }
        let isShort = !argument.hasPrefix("--")
        guard (isShort ? key.count == 1 : key.count > 1), let option = spec.option(named: key) else {
            throw UsageError("unknown option '\(argument)' for '\(word)'", usage: spec.usage)
        }
        if option.isFlag {
            if inline != nil {
                throw UsageError("option '--\(option.name)' takes no value", usage: spec.usage)
            }
            parsed.flags.insert(option.name)
            continue
        }
        if let inline {
            parsed.values[option.name] = inline
        } else if let next = rest.first, !isOptionLike(next) {
            parsed.values[option.name] = next
            rest = rest.dropFirst()
        } else {
            throw UsageError("missing value for '--\(option.name)' (expected \(option.valueName!))", usage: spec.usage)
        }
    }
    return parsed
}

/// The command list shown for an unknown command and by `adbench --help`.
/// - Complexity: O(commands).
public func commandList(_ commands: [CommandSpec]) -> String {
    let named = commands.filter { !$0.name.isEmpty }
    let width = named.map(\.name.count).max() ?? 0
    let rows = named.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.summary }
    return
        (["usage: adbench [COMMAND] [OPTIONS]", "commands:"] + rows
        + ["run 'adbench COMMAND --help' for a command's options"]).joined(separator: "\n")
}

/// Whether an argument looks like an option rather than a value (`-3` and `-0.5` are values).
private func isOptionLike(_ argument: String) -> Bool {
    guard argument.hasPrefix("-"), argument.count > 1 else { return false }
    let second = argument[argument.index(after: argument.startIndex)]
    return !(second.isNumber || second == ".")
}
