// The seeded generator of random programs: shapes, points, and DAGs whose every
// operation is inside its domain (with a margin) at the program's point.

/// The shape of the programs a generator draws.
public struct FuzzConfiguration: Sendable, Equatable {
    /// Range of input counts n.
    public var inputs: ClosedRange<Int>
    /// Range of output counts m.
    public var outputs: ClosedRange<Int>
    /// Range of instruction counts (operations per program).
    public var instructions: ClosedRange<Int>
    /// Largest magnitude a value may take at the point (keeps exp/pow chains finite and
    /// finite differences meaningful).
    public var valueLimit: Double
    /// Half-width of the box the point's coordinates are drawn from.
    public var pointRadius: Double

    /// Small programs: n, m in 1...8, 5...30 operations, values within ±100, points in ±1.5.
    public init(
        inputs: ClosedRange<Int> = 1...8, outputs: ClosedRange<Int> = 1...8,
        instructions: ClosedRange<Int> = 5...30, valueLimit: Double = 100, pointRadius: Double = 1.5
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.instructions = instructions
        self.valueLimit = valueLimit
        self.pointRadius = pointRadius
    }
}

/// Draws random programs from a seed, deterministically: the same seed and
/// configuration give the same program on every machine (the stream is ``LCG``).
public struct FuzzGenerator: Sendable {
    /// The random stream.
    public var random: LCG

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { random = LCG(seed: seed) }

    /// The seed of program `index` of a campaign seeded with `seed` (its `attempt`-th
    /// draw, when earlier draws were skipped): a SplitMix64 hash, so any program of a
    /// campaign can be regenerated alone.
    public static func programSeed(campaign seed: UInt64, index: Int, attempt: Int = 0) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: index &* 64 &+ attempt &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer uniformly in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Swift.min(Int(random.next() * Double(range.count)), range.count - 1)
    }

    /// A constant with two decimals in [−2, 2], readable in a reproducer.
    mutating func constant() -> Double { (random.nextUniform() * 200).rounded() / 100 }

    /// An operand index among `count` values, favouring recent ones so programs are deep.
    mutating func operand(count: Int) -> Int {
        random.next() < 0.5 ? Swift.max(0, count - 1 - integer(in: 0...2)) : integer(in: 0...(count - 1))
    }

    /// A random program of `configuration`'s shape, every operation inside its domain
    /// with the margins of ``FuzzOperation/isInDomain(_:_:c:k:margin:limit:)`` at its point.
    /// - Complexity: O(instructions) draws and evaluations (a few retries per slot).
    public mutating func program(_ configuration: FuzzConfiguration = FuzzConfiguration()) -> FuzzProgram {
        let n = integer(in: configuration.inputs), m = integer(in: configuration.outputs)
        let point = (0..<n).map { _ in (random.nextUniform() * configuration.pointRadius * 1000).rounded() / 1000 }
        var values = point
        var instructions: [FuzzInstruction] = []
        let length = integer(in: configuration.instructions)
        let operations = FuzzOperation.allCases
        for _ in 0..<length {
            for _ in 0..<16 { // retries until an operation fits the values at hand
                var operation = operations[integer(in: 0...(operations.count - 1))]
                // Leaves are drawn rarely: they make constants, not structure.
                if operation.arity == 0 && random.next() < 0.7 {
                    operation = operations[integer(in: 0...(operations.count - 1))]
                }
                // Every fifth slot runs preaccumulated (decided without a draw, so a seed
                // gives the same program as before preaccumulation existed).
                var instruction = FuzzInstruction(operation, preaccumulated: instructions.count % 5 == 4)
                if operation.arity >= 1 { instruction.a = operand(count: values.count) }
                if operation.arity == 2 { instruction.b = operand(count: values.count) }
                if operation.usesConstant { instruction.c = constant() }
                if operation == .powInt { instruction.k = integer(in: -3...4) }
                let a = values[instruction.a], b = values[instruction.b]
                guard
                    operation.isInDomain(
                        a, b, c: instruction.c, k: instruction.k,
                        margin: 1, limit: configuration.valueLimit)
                else { continue }
                instructions.append(instruction)
                values.append(operation.evaluate(a, b, c: instruction.c, k: instruction.k))
                break
            }
        }
        // Outputs: mostly results of the later half (deep), sometimes any value
        // (an input returned as is, a constant).
        let outputs = (0..<m).map { _ -> Int in
            let count = values.count
            guard count > n, random.next() < 0.9 else { return integer(in: 0...(count - 1)) }
            return integer(in: Swift.max(n, count - Swift.max(1, (count - n) / 2))...(count - 1))
        }
        return FuzzProgram(inputs: n, instructions: instructions, outputs: outputs, point: point)
    }
}
