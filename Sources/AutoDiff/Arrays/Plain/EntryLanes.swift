import Foundation

// Several entries of an elementwise map evaluated at once, one per SIMD lane: the user's
// scalar function, generic over ADScalar, runs once per group of entries instead of once
// per entry, and its arithmetic becomes vector arithmetic. Every operation is the lane-wise
// image of `Double`'s, so each lane holds exactly what a `Double` evaluation of its entry
// gives. Where lanes would part ways (a branch taken in some lanes and not others, a primal
// value read as one number), the value raises a flag and the caller evaluates that group
// entry by entry instead.

/// `Lanes.scalarCount` entries of an elementwise map as one ``ADScalar``; each operation
/// is one vector operation (elementary functions: one C-library call per lane).
///
/// `fallback` points at the flag raised when the lanes would need different control flow:
/// a comparison whose lanes disagree, `primal` or `isZero` of lanes that differ. Every
/// value read from the arrays (entries, and their tangents in a directional evaluation)
/// must carry the flag; values derived from constants alone carry none (their lanes are
/// all equal, so they cannot disagree). Cost: one vector operation per scalar operation,
/// plus an `or` of the operands' flags.
@frozen @usableFromInline
struct EntryLanes<Lanes: SIMD>: ADScalarDefaultOperators where Lanes.Scalar == Double {
    /// One entry per lane.
    @usableFromInline var lanes: Lanes
    /// The address of the flag raised when the lanes would take different paths, as bits
    /// (0 for constants). Within one evaluation every non-constant value carries the same
    /// address, so the flag of a result is the bitwise or of its operands' (one
    /// instruction, where an optional would take a test and a select).
    @usableFromInline var flagBits: UInt

    /// Lanes with their flag.
    @inlinable @inline(__always)
    init(_ lanes: Lanes, fallback: UnsafeMutablePointer<Bool>?) {
        self.init(lanes, flagBits: UInt(bitPattern: fallback))
    }

    @inlinable @inline(__always)
    init(_ lanes: Lanes, flagBits: UInt) {
        self.lanes = lanes
        self.flagBits = flagBits
    }

    /// The constant in every lane.
    @inlinable @inline(__always)
    init(_ constant: Double) { self.init(Lanes(repeating: constant), flagBits: 0) }

    /// The flag this value raises (nil for constants).
    @inlinable @inline(__always)
    var fallback: UnsafeMutablePointer<Bool>? { UnsafeMutablePointer(bitPattern: flagBits) }

    /// The flag of either operand (constants have none).
    @inlinable @inline(__always)
    static func flag(_ x: EntryLanes, _ y: EntryLanes) -> UInt { x.flagBits | y.flagBits }

    /// The common answer of all lanes; where they disagree, lane 0's, with the flag raised.
    @inlinable @inline(__always)
    static func decided(_ mask: SIMDMask<Lanes.MaskStorage>, _ flag: UInt) -> Bool {
        // A loop over the lanes: the library's `all`/`any` on eight lanes cost ~50 ns here.
        let first = mask[0]
        for i in 1..<Lanes.scalarCount where mask[i] != first {
            UnsafeMutablePointer<Bool>(bitPattern: flag)?.pointee = true
            break
        }
        return first
    }

    /// Lane 0, with the flag raised unless every lane holds the same number.
    @inlinable
    var primal: Double {
        let first = lanes[0]
        for i in 1..<Lanes.scalarCount where lanes[i] != first {
            fallback?.pointee = true
            break
        }
        return first
    }

    /// Whether every lane is zero (the flag raised when only some are).
    @inlinable
    var isZero: Bool { Self.decided(lanes .== Lanes.zero, flagBits) }

    @inlinable static var pi: EntryLanes { EntryLanes(Double.pi) }

    @usableFromInline var description: String { "\((0..<Lanes.scalarCount).map { lanes[$0] })" }

    /// `f` in each lane.
    @inlinable @inline(__always)
    static func lanewise(_ x: EntryLanes, _ f: (Double) -> Double) -> EntryLanes {
        var r = Lanes()
        for i in 0..<Lanes.scalarCount { r[i] = f(x.lanes[i]) }
        return EntryLanes(r, flagBits: x.flagBits)
    }

    /// `f` in each lane of two arguments.
    @inlinable @inline(__always)
    static func lanewise(_ x: EntryLanes, _ y: EntryLanes, _ f: (Double, Double) -> Double) -> EntryLanes {
        var r = Lanes()
        for i in 0..<Lanes.scalarCount { r[i] = f(x.lanes[i], y.lanes[i]) }
        return EntryLanes(r, flagBits: flag(x, y))
    }
}

extension EntryLanes: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    @inlinable init(floatLiteral value: Double) { self.init(value) }
    @inlinable init(integerLiteral value: Int) { self.init(Double(value)) }
}

// MARK: Comparisons: decided when all lanes agree, else the flag

extension EntryLanes: Comparable {
    @inlinable static func == (lhs: EntryLanes, rhs: EntryLanes) -> Bool { decided(lhs.lanes .== rhs.lanes, flag(lhs, rhs)) }
    @inlinable static func < (lhs: EntryLanes, rhs: EntryLanes) -> Bool { decided(lhs.lanes .< rhs.lanes, flag(lhs, rhs)) }
    @inlinable static func <= (lhs: EntryLanes, rhs: EntryLanes) -> Bool { decided(lhs.lanes .<= rhs.lanes, flag(lhs, rhs)) }
    @inlinable static func > (lhs: EntryLanes, rhs: EntryLanes) -> Bool { decided(lhs.lanes .> rhs.lanes, flag(lhs, rhs)) }
    @inlinable static func >= (lhs: EntryLanes, rhs: EntryLanes) -> Bool { decided(lhs.lanes .>= rhs.lanes, flag(lhs, rhs)) }
}

// MARK: Arithmetic: one vector operation each

extension EntryLanes {
    @inlinable static var zero: EntryLanes { EntryLanes(0) }

    @inlinable @inline(__always) static func + (lhs: EntryLanes, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs.lanes + rhs.lanes, flagBits: flag(lhs, rhs))
    }
    @inlinable @inline(__always) static func - (lhs: EntryLanes, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs.lanes - rhs.lanes, flagBits: flag(lhs, rhs))
    }
    @inlinable @inline(__always) static func * (lhs: EntryLanes, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs.lanes * rhs.lanes, flagBits: flag(lhs, rhs))
    }
    @inlinable @inline(__always) static func / (lhs: EntryLanes, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs.lanes / rhs.lanes, flagBits: flag(lhs, rhs))
    }
    @inlinable @inline(__always) static prefix func - (operand: EntryLanes) -> EntryLanes {
        EntryLanes(-operand.lanes, flagBits: operand.flagBits)
    }
    @inlinable @inline(__always) static func += (lhs: inout EntryLanes, rhs: EntryLanes) { lhs = lhs + rhs }
    @inlinable @inline(__always) static func -= (lhs: inout EntryLanes, rhs: EntryLanes) { lhs = lhs - rhs }

    @inlinable @inline(__always) static func + (lhs: EntryLanes, rhs: Double) -> EntryLanes {
        EntryLanes(lhs.lanes + rhs, flagBits: lhs.flagBits)
    }
    @inlinable @inline(__always) static func + (lhs: Double, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs + rhs.lanes, flagBits: rhs.flagBits)
    }
    @inlinable @inline(__always) static func - (lhs: EntryLanes, rhs: Double) -> EntryLanes {
        EntryLanes(lhs.lanes - rhs, flagBits: lhs.flagBits)
    }
    @inlinable @inline(__always) static func - (lhs: Double, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs - rhs.lanes, flagBits: rhs.flagBits)
    }
    @inlinable @inline(__always) static func * (lhs: EntryLanes, rhs: Double) -> EntryLanes {
        EntryLanes(lhs.lanes * rhs, flagBits: lhs.flagBits)
    }
    @inlinable @inline(__always) static func * (lhs: Double, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs * rhs.lanes, flagBits: rhs.flagBits)
    }
    @inlinable @inline(__always) static func / (lhs: EntryLanes, rhs: Double) -> EntryLanes {
        EntryLanes(lhs.lanes / rhs, flagBits: lhs.flagBits)
    }
    @inlinable @inline(__always) static func / (lhs: Double, rhs: EntryLanes) -> EntryLanes {
        EntryLanes(lhs / rhs.lanes, flagBits: rhs.flagBits)
    }
}

// MARK: Elementary functions: Double's, lane by lane

extension EntryLanes {
    @inlinable static func exp(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.exp) }
    @inlinable static func expMinusOne(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.expMinusOne) }
    @inlinable static func log(_ x: EntryLanes) -> EntryLanes { lanewise(x) { Double.log($0) } }
    @inlinable static func log(onePlus x: EntryLanes) -> EntryLanes { lanewise(x) { Double.log(onePlus: $0) } }
    @inlinable static func sqrt(_ x: EntryLanes) -> EntryLanes { EntryLanes(x.lanes.squareRoot(), flagBits: x.flagBits) }
    @inlinable static func pow(_ x: EntryLanes, _ y: EntryLanes) -> EntryLanes { lanewise(x, y) { Double.pow($0, $1) } }
    @inlinable static func pow(_ x: EntryLanes, _ n: Int) -> EntryLanes { lanewise(x) { Double.pow($0, n) } }
    @inlinable static func sin(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.sin) }
    @inlinable static func cos(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.cos) }
    @inlinable static func tan(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.tan) }
    @inlinable static func asin(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.asin) }
    @inlinable static func acos(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.acos) }
    @inlinable static func atan(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.atan) }
    @inlinable static func sinh(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.sinh) }
    @inlinable static func cosh(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.cosh) }
    @inlinable static func tanh(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.tanh) }
    @inlinable static func atan2(y: EntryLanes, x: EntryLanes) -> EntryLanes { lanewise(y, x) { Double.atan2(y: $0, x: $1) } }
    @inlinable static func hypot(_ x: EntryLanes, _ y: EntryLanes) -> EntryLanes { lanewise(x, y) { Double.hypot($0, $1) } }
    @inlinable static func sigmoid(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.sigmoid) }
    @inlinable static func softplus(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.softplus) }
    @inlinable static func abs(_ x: EntryLanes) -> EntryLanes { lanewise(x, Double.abs) }
    /// `x ≤ 0 ? 0 : x` per lane, as `Double`'s (NaN stays NaN): a select, no branch.
    @inlinable static func relu(_ x: EntryLanes) -> EntryLanes {
        EntryLanes(x.lanes.replacing(with: 0, where: x.lanes .<= Lanes.zero), flagBits: x.flagBits)
    }
    /// `y < x ? y : x` per lane, as `Double`'s.
    @inlinable static func min(_ x: EntryLanes, _ y: EntryLanes) -> EntryLanes {
        EntryLanes(x.lanes.replacing(with: y.lanes, where: y.lanes .< x.lanes), flagBits: flag(x, y))
    }
    /// `y > x ? y : x` per lane, as `Double`'s.
    @inlinable static func max(_ x: EntryLanes, _ y: EntryLanes) -> EntryLanes {
        EntryLanes(x.lanes.replacing(with: y.lanes, where: y.lanes .> x.lanes), flagBits: flag(x, y))
    }
    @inlinable @inline(__always) static func square(_ x: EntryLanes) -> EntryLanes { x * x }

    /// A custom rule's value, lane by lane (as `Double` evaluates it).
    @inlinable static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<EntryLanes>) -> EntryLanes {
        var r = Lanes(), flagBits: UInt = 0
        for i in 0..<x.count { flagBits |= x[i].flagBits }
        for lane in 0..<Lanes.scalarCount { r[lane] = Double.applying(rule, x.map { $0.lanes[lane] }) }
        return EntryLanes(r, flagBits: flagBits)
    }
}
