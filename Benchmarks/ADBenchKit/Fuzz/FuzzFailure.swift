// One mismatch of a fuzz campaign, shrunk: the same record, search and report for the
// scalar and the array level's programs.

/// A fuzz program that can be shrunk and printed as a reproducer.
public protocol ReproducibleFuzzProgram: Sendable {
    /// Its instructions, as shrinking counts them.
    var instructionCount: Int { get }
    /// Swift source that rebuilds and checks it.
    func swiftSource(name: String) -> String
}

extension FuzzProgram: ReproducibleFuzzProgram {
    /// The number of instructions.
    public var instructionCount: Int { instructions.count }
}

extension ArrayFuzzProgram: ReproducibleFuzzProgram {
    /// The number of instructions.
    public var instructionCount: Int { instructions.count }
}

/// One mismatch of a campaign, shrunk.
public struct FuzzFailure<Program: ReproducibleFuzzProgram>: Sendable {
    /// The program's index in the campaign.
    public var index: Int
    /// The seed that regenerates it (the generator's `init(seed:)`).
    public var seed: UInt64
    /// The first disagreement of the original program.
    public var message: String
    /// The original program.
    public var program: Program
    /// The smallest program found that still fails.
    public var shrunk: Program
    /// The disagreement of ``shrunk``.
    public var shrunkMessage: String

    /// The failure of `program` (`message`), shrunk by `shrink` while `check` still reports
    /// a mismatch; `check` gives the shrunk program's own message.
    /// - Complexity: that of `shrink` (each candidate checked once).
    init(
        index: Int, seed: UInt64, message: String, program: Program,
        shrink: (Program, (Program) -> Bool) -> Program, check: @escaping (Program) -> String?
    ) {
        self.index = index
        self.seed = seed
        self.message = message
        self.program = program
        shrunk = shrink(program) { check($0) != nil }
        shrunkMessage = check(shrunk) ?? message
    }

    /// The report's lines for this failure: where it came from, both messages, and the
    /// shrunk program as Swift source.
    var reportLines: [String] {
        [
            "",
            "MISMATCH in program \(index) (seed \(seed)): \(message)",
            "shrunk to \(shrunk.instructionCount) operations: \(shrunkMessage)",
            shrunk.swiftSource(name: "Reproducer")
        ]
    }
}
