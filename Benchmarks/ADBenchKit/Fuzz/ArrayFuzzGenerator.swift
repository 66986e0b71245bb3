// The seeded generator of random array programs: input shapes that broadcast against
// each other, a point, and instructions drawn over a register file whose shapes and
// values are tracked, so that every operation fits its operands' shapes and is inside
// its domain (with a margin) at the point.
import AutoDiff

/// The shape of the array programs a generator draws.
public struct ArrayFuzzConfiguration: Sendable, Equatable {
    /// Range of input counts.
    public var inputs: ClosedRange<Int>
    /// Range of instruction counts.
    public var instructions: ClosedRange<Int>
    /// Most entries any register may hold (inputs have rank 0-3 and axes 1-4).
    public var maximumEntries: Int
    /// Most input entries in all (the Jacobian's columns).
    public var maximumInputEntries: Int
    /// Largest magnitude a value may take at the point.
    public var valueLimit: Double
    /// Half-width of the box the point's entries are drawn from.
    public var pointRadius: Double
    /// The share of programs drawn at kinks and ties on purpose (entries in
    /// {−1, −½, 0, ½, 1}, constants multiples of ¼): checked against the scalar layer only.
    public var kinkShare: Double

    /// Small programs: 1-3 inputs, 3-10 instructions, at most 64 entries per register and
    /// 64 input entries, values within ±100, points in ±1.5, one in ten at kinks.
    public init(
        inputs: ClosedRange<Int> = 1...3, instructions: ClosedRange<Int> = 3...10, maximumEntries: Int = 64,
        maximumInputEntries: Int = 64, valueLimit: Double = 100, pointRadius: Double = 1.5, kinkShare: Double = 0.1
    ) {
        self.inputs = inputs
        self.instructions = instructions
        self.maximumEntries = maximumEntries
        self.maximumInputEntries = maximumInputEntries
        self.valueLimit = valueLimit
        self.pointRadius = pointRadius
        self.kinkShare = kinkShare
    }
}

/// Draws random array programs from a seed, deterministically (the stream is ``LCG``).
public struct ArrayFuzzGenerator {
    /// The random stream.
    public var random: LCG
    /// The configuration of the program being drawn.
    var configuration = ArrayFuzzConfiguration()
    /// The registers' values at the point, and the instructions so far.
    var registers: [Tensor] = []
    var instructions: [ArrayFuzzOperation] = []
    /// Whether the program is drawn at kinks.
    var atKinks = false

    /// A generator seeded with `seed` (``FuzzGenerator/programSeed(campaign:index:attempt:)``
    /// gives program k of a campaign).
    public init(seed: UInt64) { random = LCG(seed: seed) }

    /// A random program of `configuration`'s shape; every instruction fits its operands'
    /// shapes and is inside its domain with the margins of ArrayFuzzDomain.swift at the point.
    /// - Complexity: O(instructions · registers²) shape tests and a few plain evaluations
    ///   per instruction.
    public mutating func program(_ configuration: ArrayFuzzConfiguration = ArrayFuzzConfiguration()) -> ArrayFuzzProgram {
        self.configuration = configuration
        atKinks = random.next() < configuration.kinkShare
        registers = inputShapes().map { shape in
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in pointEntry() })
        }
        instructions = []
        let inputs = registers
        let length = integer(in: configuration.instructions)
        var failures = 0
        while instructions.count < length && failures < 16 { // retries until an operation fits
            if draw() { failures = 0 } else { failures += 1 }
        }
        let output = chooseOutput(inputs: inputs.count)
        return ArrayFuzzProgram(point: inputs, instructions: instructions, output: output, atKinks: atKinks)
    }

    /// The output register: mostly the one whose value depends on the most instructions
    /// (the latest on a tie), sometimes a random later one.
    mutating func chooseOutput(inputs: Int) -> Int {
        var cones: [Set<Int>] = (0..<inputs).map { _ in [] }
        for (i, instruction) in instructions.enumerated() {
            cones.append(instruction.operands.reduce(into: [inputs + i]) { $0.formUnion(cones[$1]) })
        }
        let count = registers.count
        if count == inputs || chance(0.8) {
            return cones.indices.max { (cones[$0].count, $0) < (cones[$1].count, $1) } ?? 0
        }
        return integer(in: Swift.max(0, count - Swift.max(1, (count - inputs) / 2))...(count - 1))
    }

    // MARK: Random values

    /// An integer uniformly in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Swift.min(Int(random.next() * Double(range.count)), range.count - 1)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { random.next() < p }

    /// One of `items`.
    mutating func pick<E>(_ items: [E]) -> E { items[integer(in: 0...(items.count - 1))] }

    /// A constant: two decimals in [−2, 2], or a multiple of ¼ at kinks (sums and
    /// products of such numbers are exact, so ties stay ties in every evaluation order).
    mutating func constant() -> Double {
        atKinks ? Double(integer(in: -8...8)) / 4 : (random.nextUniform() * 200).rounded() / 100
    }

    /// An entry of the point: three decimals in ±radius, or one of {−1, −½, 0, ½, 1} at kinks.
    mutating func pointEntry() -> Double {
        atKinks ? Double(integer(in: -2...2)) / 2 : (random.nextUniform() * configuration.pointRadius * 1000).rounded() / 1000
    }

    /// A register, favouring recent ones so programs are deep.
    mutating func operand() -> Int {
        let count = registers.count
        return chance(0.5) ? Swift.max(0, count - 1 - integer(in: 0...2)) : integer(in: 0...(count - 1))
    }

    /// One of `candidates` (registers, in order), favouring recent ones; nil if none.
    mutating func choose(_ candidates: [Int]) -> Int? {
        guard !candidates.isEmpty else { return nil }
        return chance(0.5) ? candidates[Swift.max(0, candidates.count - 1 - integer(in: 0...1))] : pick(candidates)
    }

    /// A register that broadcasts with all of `shapes` within the entry limit.
    mutating func partner(for shapes: [[Int]]) -> Int? {
        let limit = configuration.maximumEntries
        return choose(
            registers.indices.filter { k in
                fuzzBroadcast(shapes + [registers[k].shape]).map { $0.reduce(1, *) <= limit } ?? false
            })
    }

    /// Shapes of rank 0-3 with axes 1-4 from a shared pool of lengths, so that inputs
    /// meet in matrix products; later inputs are often a broadcast form of an earlier one
    /// (a bias row, a scalar, a column, the same shape).
    mutating func inputShapes() -> [[Int]] {
        let pool = (0..<4).map { _ in integer(in: 1...4) }
        var shapes: [[Int]] = []
        for k in 0..<integer(in: configuration.inputs) {
            if k > 0 && chance(0.5) {
                let base = pick(shapes)
                switch integer(in: 0...3) {
                case 0: shapes.append(base.isEmpty ? [] : [base[base.count - 1]])
                case 1: shapes.append([])
                case 2: shapes.append(base.isEmpty ? [] : [base[0]] + [Int](repeating: 1, count: base.count - 1))
                default: shapes.append(base)
                }
            } else {
                shapes.append((0..<integer(in: 0...3)).map { _ in pick(pool) })
            }
        }
        // Keep the Jacobian small: drop leading axes of the largest input until it fits.
        while shapes.reduce(0, { $0 + $1.reduce(1, *) }) > configuration.maximumInputEntries,
            let largest = shapes.indices.max(by: { shapes[$0].reduce(1, *) < shapes[$1].reduce(1, *) })
        {
            shapes[largest].removeFirst()
        }
        return shapes
    }

    // MARK: Appending instructions

    /// Appends `operation` if it fits the registers' shapes, stays within the entry limit,
    /// is inside its domain with the point's margins and gives bounded values.
    /// - Returns: the new register, or nil (nothing appended).
    mutating func push(_ operation: ArrayFuzzOperation) -> Int? {
        guard let shape = operation.resultShape(registers.map(\.shape)),
            shape.reduce(1, *) <= configuration.maximumEntries
        else { return nil }
        var branches: [Int32] = []
        let margins = ArrayFuzzMargins.atPoint(exactKinks: atKinks, limit: configuration.valueLimit)
        guard operation.admits(registers, margins, branches: &branches) else { return nil }
        let value = operation.evaluate(registers)
        guard value.scalars.allSatisfy({ $0.isFinite && Swift.abs($0) <= margins.limit }) else { return nil }
        registers.append(value)
        instructions.append(operation)
        return registers.count - 1
    }

    /// Runs `build` and keeps what it appended only if it returns a register.
    mutating func transaction(_ build: (inout ArrayFuzzGenerator) -> Int?) -> Bool {
        let mark = instructions.count
        if build(&self) != nil { return true }
        registers.removeLast(instructions.count - mark)
        instructions.removeLast(instructions.count - mark)
        return false
    }

    /// What an operand must satisfy for a function's domain.
    enum Need {
        /// ≥ 0.1 (log, sqrt, a pow base, reciprocals).
        case positive
        /// |x| ≥ 0.1 (denominators): positive, sometimes negated.
        case nonzero
        /// |x| ≤ bound (asin/acos 0.9, tan 1.2, exp-like 3, a pow exponent 2).
        case bounded(Double)
    }

    /// `r` itself if it meets `need` everywhere, else a register computed from it that
    /// does (sigmoid(r) + ¼, softplus(r) + 0.1, exp(tanh(r)), r² + ¼; tanh(r) · bound).
    mutating func prepared(_ r: Int, _ need: Need) -> Int? {
        let x = registers[r].scalars
        switch need {
        case .positive:
            if x.allSatisfy({ $0 >= 0.1 }) { return r }
            switch integer(in: 0...3) {
            case 0: return push(.unary(.softplus, r)).flatMap { push(.withConstant(.addConstant, $0, 0.125)) }
            case 1: return push(.unary(.tanh, r)).flatMap { push(.unary(.exp, $0)) }
            case 2: return push(.unary(.square, r)).flatMap { push(.withConstant(.constantAdd, $0, 0.25)) }
            default: return push(.unary(.sigmoid, r)).flatMap { push(.withConstant(.addConstant, $0, 0.25)) }
            }
        case .nonzero:
            if x.allSatisfy({ Swift.abs($0) >= 0.1 }) { return r }
            guard let p = prepared(r, .positive) else { return nil }
            return chance(0.5) ? p : push(.negate(p))
        case .bounded(let bound):
            if x.allSatisfy({ Swift.abs($0) <= bound }) { return r }
            return push(.unary(chance(0.5) ? .tanh : .sin, r)).flatMap { push(.withConstant(.multiplyConstant, $0, bound)) }
        }
    }
}
