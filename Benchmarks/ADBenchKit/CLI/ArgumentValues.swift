// Typed reading of option values: whole numbers, lists, seconds, choices. Each reader
// throws a UsageError whose message names the option, the text given and what was expected.

extension ParsedCommand {
    /// The raw text of an option, or `nil` when it was not given.
    public func string(_ name: String) -> String? { values[name] }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A whole number >= `minimum`, or `nil` when the option was not given.
    /// - Throws: ``UsageError`` when the text is not a whole number or is below `minimum`.
    public func integer(_ name: String, minimum: Int = 1, usage: String) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        return try parseInteger(text, option: name, minimum: minimum, usage: usage)
    }

    /// A whole number in 0...UInt64.max (a seed), or `nil` when the option was not given.
    /// - Throws: ``UsageError`` when the text is not a whole number in that range.
    public func unsignedInteger(_ name: String, usage: String) throws(UsageError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let value = UInt64(text.trimmingSpaces()) else {
            throw UsageError("'\(text)' for '--\(name)' is not a whole number from 0 to \(UInt64.max)", usage: usage)
        }
        return value
    }

    /// A comma-separated list of whole numbers, each >= `minimum`, or `nil` when not given.
    /// - Throws: ``UsageError`` for an empty list, an empty entry (`8,,x`), a non-number or a
    ///   number below `minimum`; the message quotes the whole list and the bad entry.
    /// - Complexity: O(length of the text).
    public func integerList(_ name: String, minimum: Int = 1, usage: String) throws(UsageError) -> [Int]? {
        guard let text = values[name] else { return nil }
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var result: [Int] = []
        for (position, entry) in entries.enumerated() {
            let trimmed = entry.trimmingSpaces()
            guard !trimmed.isEmpty else {
                throw UsageError("malformed list '\(text)' for '--\(name)': entry \(position + 1) is empty", usage: usage)
            }
            guard let value = Int(trimmed) else {
                throw UsageError("malformed list '\(text)' for '--\(name)': '\(trimmed)' is not a whole number", usage: usage)
            }
            guard value >= minimum else {
                throw UsageError("value \(value) in '--\(name) \(text)' is too small (expected at least \(minimum))", usage: usage)
            }
            result.append(value)
        }
        return result
    }

    /// A finite number of seconds > 0, or `nil` when not given.
    /// - Throws: ``UsageError`` when the text is not a number, is not finite or is <= 0.
    public func seconds(_ name: String, usage: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text.trimmingSpaces()), value.isFinite else {
            throw UsageError("'\(text)' for '--\(name)' is not a number of seconds", usage: usage)
        }
        guard value > 0 else {
            throw UsageError("'--\(name) \(text)' must be more than 0 seconds", usage: usage)
        }
        return value
    }

    /// One of `choices` (case-insensitive), or `nil` when not given.
    /// - Throws: ``UsageError`` listing the allowed choices.
    public func choice(_ name: String, in choices: [String], usage: String) throws(UsageError) -> String? {
        guard let text = values[name] else { return nil }
        let lower = text.lowercased()
        guard choices.contains(lower) else {
            throw UsageError("unknown value '\(text)' for '--\(name)' (expected one of: \(choices.joined(separator: ", ")))", usage: usage)
        }
        return lower
    }

    /// A comma-separated list whose entries are each one of `choices`, or `nil` when not given.
    /// - Throws: ``UsageError`` for an empty entry or an entry outside `choices`.
    public func choiceList(_ name: String, in choices: [String], usage: String) throws(UsageError) -> [String]? {
        guard let text = values[name] else { return nil }
        var result: [String] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = String(entry).trimmingSpaces().lowercased()
            guard !word.isEmpty else {
                throw UsageError("malformed list '\(text)' for '--\(name)': an entry is empty", usage: usage)
            }
            guard choices.contains(word) else {
                throw UsageError("unknown value '\(word)' in '--\(name) \(text)' (expected any of: \(choices.joined(separator: ", ")))", usage: usage)
            }
            if !result.contains(word) { result.append(word) }
        }
        return result
    }
}

/// Parses a whole number for an option; see ``ParsedCommand/integer(_:minimum:usage:)``.
func parseInteger(_ text: String, option name: String, minimum: Int, usage: String) throws(UsageError) -> Int {
    guard let value = Int(text.trimmingSpaces()) else {
        throw UsageError("'\(text)' for '--\(name)' is not a whole number", usage: usage)
    }
    guard value >= minimum else {
        throw UsageError("'--\(name) \(text)' is too small (expected at least \(minimum))", usage: usage)
    }
    return value
}

extension String {
    /// The string without leading and trailing spaces (no Foundation needed).
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
