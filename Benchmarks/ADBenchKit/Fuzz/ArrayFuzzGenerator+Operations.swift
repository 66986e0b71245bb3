// How the array fuzz generator draws each family of operations: operands whose shapes
// fit (broadcast partners, matrix-product partners and flags, agreeing concatenation
// parts), parameters (axes, ranges, permutations, target shapes), and operands moved
// into a function's domain first where needed.
import AutoDiff

extension ArrayFuzzGenerator {
    /// How often each family is drawn, relative to the others.
    static let familyWeights: [(ArrayFuzzFamily, Int)] = [
        (.constant, 2), (.arithmetic, 10), (.compound, 3), (.negate, 2), (.withConstant, 6), (.unary, 14),
        (.binary, 7), (.matmul, 10), (.reduce, 10), (.reshape, 4), (.transpose, 4), (.slice, 4), (.index, 2),
        (.concatenate, 4), (.pad, 3), (.broadcast, 3), (.select, 5), (.map, 5)
    ]

    /// The unary functions drawn: every ``ElementwiseOperation``, integer powers −2...4.
    static let unaryOperations: [ElementwiseOperation] =
        ElementwiseOperation.all.filter { if case .power = $0 { false } else { true } } + (-2...4).map { .power($0) }

    /// Draws one operation of a random family and appends it (with any operands it had to
    /// prepare). - Returns: whether something was appended.
    mutating func draw() -> Bool {
        let total = Self.familyWeights.reduce(0) { $0 + $1.1 }
        var ticket = integer(in: 0...(total - 1))
        var family = ArrayFuzzFamily.arithmetic
        for (f, w) in Self.familyWeights {
            if ticket < w { family = f; break }
            ticket -= w
        }
        return transaction { g in g.draw(family) }
    }

    /// Appends one operation of `family`; nil when none fits (the caller rolls back).
    mutating func draw(_ family: ArrayFuzzFamily) -> Int? {
        let a = operand()
        let shape = registers[a].shape, rank = shape.count
        switch family {
        case .constant:
            var s = registers[operand()].shape
            if chance(0.5) && !s.isEmpty { s = [s[s.count - 1]] }
            return push(.constant(Tensor(shape: s, scalars: (0..<s.reduce(1, *)).map { _ in constant() })))
        case .arithmetic:
            guard let b = partner(for: [shape]) else { return nil }
            let o = pick(ArrayFuzzArithmetic.allCases)
            guard o == .divide else { return push(.arithmetic(o, a, b)) }
            return prepared(b, .nonzero).flatMap { push(.arithmetic(.divide, a, $0)) }
        case .compound:
            return partner(for: [shape]).flatMap { push(.compound(pick(ArrayFuzzCompound.allCases), a, $0)) }
        case .negate:
            return push(.negate(a))
        case .withConstant:
            let form = pick(ArrayFuzzConstantForm.allCases)
            var c = constant()
            if c == 0 { c = 1.5 }
            guard form == .constantDivide else { return push(.withConstant(form, a, c)) }
            return prepared(a, .nonzero).flatMap { push(.withConstant(form, $0, c)) }
        case .unary:
            return drawUnary(a)
        case .binary:
            guard let b = partner(for: [shape]) else { return nil }
            let o = pick(ElementwiseBinaryOperation.allCases)
            guard o == .pow else { return push(.binary(o, a, b)) }
            guard let base = prepared(a, .positive), let exponent = prepared(b, .bounded(2)) else { return nil }
            return push(.binary(.pow, base, exponent))
        case .matmul:
            return drawMatmul(a)
        case .reduce:
            let o = pick(ArrayFuzzReduction.allCases)
            guard rank > 0, chance(0.8) else { return push(.reduce(o, a, axes: nil, squeeze: false)) }
            var axes = (0..<rank).filter { _ in chance(0.5) }
            if axes.isEmpty { axes = [integer(in: 0...(rank - 1))] }
            axes = axes.map { chance(0.3) ? $0 - rank : $0 }
            return push(.reduce(o, a, axes: axes, squeeze: axes.count <= 3 && chance(0.5)))
        case .reshape:
            return push(.reshape(a, targetShape(entries: shape.reduce(1, *))))
        case .transpose:
            guard chance(0.7) else { return push(.transpose(a, nil)) }
            var p = Array(0..<rank)
            for k in p.indices.reversed() { p.swapAt(k, integer(in: 0...k)) }
            return push(.transpose(a, p))
        case .slice, .index:
            guard rank > 0 else { return nil }
            let axis = integer(in: 0...(rank - 1)), n = shape[axis]
            guard n > 0 else { return nil }
            let written = chance(0.3) ? axis - rank : axis
            if family == .index { return push(.index(a, integer(in: 0...(n - 1)), axis: written)) }
            let lower = integer(in: 0...(n - 1))
            let upper = chance(0.05) ? lower : integer(in: (lower + 1)...n) // rarely empty
            return push(.slice(a, lower..<upper, axis: written))
        case .concatenate:
            guard rank > 0 else { return nil }
            let axis = integer(in: 0...(rank - 1))
            let agreeing = registers.indices.filter { k in
                let s = registers[k].shape
                return s.count == rank && s.indices.allSatisfy { $0 == axis || s[$0] == shape[$0] }
            }
            var parts = [a]
            for _ in 0..<integer(in: 1...2) { if let b = choose(agreeing) { parts.insert(b, at: integer(in: 0...parts.count)) } }
            return push(.concatenate(parts, axis: chance(0.3) ? axis - rank : axis))
        case .pad:
            guard rank > 0 else { return nil }
            let axis = integer(in: 0...(rank - 1))
            return push(
                .pad(
                    a, axis: chance(0.3) ? axis - rank : axis, before: integer(in: 0...2), after: integer(in: 0...2),
                    value: constant()))
        case .broadcast:
            var target = shape.map { $0 == 1 && chance(0.6) ? integer(in: 1...4) : $0 }
            if target.count < 4 && chance(0.5) { target.insert(integer(in: 1...4), at: 0) }
            return push(.broadcast(a, target))
        case .select:
            let rhs = chance(0.5) ? partner(for: [shape]) : nil
            let mask = ArrayFuzzMask(
                pick(ArrayFuzzComparison.allCases), a, rhs, constant: rhs == nil ? constant() : 0,
                negated: chance(0.3))
            let m = fuzzBroadcast(shape, rhs.map { registers[$0].shape } ?? []) ?? shape
            guard let t = partner(for: [m]) else { return nil }
            guard let f = partner(for: [m, registers[t].shape]) else { return nil }
            return push(.select(mask, t, f))
        case .map:
            let map = pick(ArrayFuzzMap.allCases)
            var arguments = [a]
            while arguments.count < map.arity {
                guard let b = partner(for: arguments.map { registers[$0].shape }) else { return nil }
                arguments.append(b)
            }
            return push(.map(map, arguments))
        }
    }

    /// An elementary function of `a`, its operand first moved into the domain if needed.
    mutating func drawUnary(_ a: Int) -> Int? {
        let o = pick(Self.unaryOperations)
        let operand: Int?
        switch o {
        case .log, .sqrt, .logOnePlus: operand = prepared(a, .positive)
        case .asin, .acos: operand = prepared(a, .bounded(0.9))
        case .tan: operand = prepared(a, .bounded(1.2))
        case .exp, .expMinusOne, .sinh, .cosh: operand = prepared(a, .bounded(3))
        case .power(let n) where n < 0: operand = prepared(a, .nonzero)
        default: operand = a
        }
        return operand.flatMap { push(.unary(o, $0)) }
    }

    /// A matrix product with `a` on either side: a register partner and flags that fit
    /// (matrix·matrix, matrix·vector, vector·matrix, batched), or else a constant partner.
    mutating func drawMatmul(_ a: Int) -> Int? {
        guard !registers[a].shape.isEmpty else { return nil }
        let flags = [(false, false), (true, false), (false, true), (true, true)]
        var fits: [(Int, Bool, Int, Bool)] = []
        for b in registers.indices where !registers[b].shape.isEmpty {
            for (ta, tb) in flags {
                for (l, r) in [(a, b), (b, a)] {
                    if let s = fuzzMatmulShape(registers[l].shape, ta, registers[r].shape, tb),
                        s.reduce(1, *) <= configuration.maximumEntries
                    {
                        fits.append((l, ta, r, tb))
                    }
                }
            }
        }
        if !fits.isEmpty && chance(0.85) {
            let (l, ta, r, tb) = pick(fits)
            return push(.matmul(l, ta, r, tb))
        }
        // A constant right operand: a matrix [inner, n] (or a vector [inner]).
        let shape = registers[a].shape
        let ta = shape.count > 1 && chance(0.3)
        let inner = ta ? shape[shape.count - 2] : shape[shape.count - 1]
        let s = chance(0.3) ? [inner] : [inner, integer(in: 1...4)]
        guard let b = push(.constant(Tensor(shape: s, scalars: (0..<s.reduce(1, *)).map { _ in constant() }))) else { return nil }
        return push(.matmul(a, ta, b, false))
    }

    /// A random shape of rank 0-4 holding `entries` entries, sometimes with one length
    /// written -1 (inferred).
    mutating func targetShape(entries: Int) -> [Int] {
        guard entries > 0 else { return [0] }
        if entries == 1 && chance(0.3) { return [] }
        var remaining = entries, shape: [Int] = []
        for _ in 0..<integer(in: entries == 1 ? 0...2 : 1...3) {
            let divisors = (1...remaining).filter { remaining % $0 == 0 }
            let d = pick(divisors)
            shape.append(d)
            remaining /= d
        }
        shape.append(remaining)
        if shape.count > 1 && shape.first == 1 && chance(0.5) { shape.removeFirst() }
        if chance(0.25) { shape[integer(in: 0...(shape.count - 1))] = -1 }
        return shape
    }
}
