// Where a fuzzed array program may be checked: every operation inside its domain with a
// margin, away from kinks and ties (or, for programs drawn at kinks, exactly on one),
// values bounded; and the side of every kink, so finite differences can tell when a
// step crossed one.
import AutoDiff
import Foundation

/// How far a point keeps from domain edges and kinks.
///
/// At a program's point `domain` is 1 (0.05 from log/sqrt's 0 and asin's ±1, 0.1 from a
/// pole, as the scalar fuzz) and `kink` 0.01 (relu/abs at 0, min/max and select ties,
/// the top two entries of a max reduction, the piecewise map at 0); at finite-difference
/// points both are 0 (merely inside). Values must stay finite and within `limit`.
struct ArrayFuzzMargins {
    /// 1: the margins from domain edges; 0: merely inside.
    var domain: Double
    /// The distance kept from kinks and ties.
    var kink: Double
    /// Whether a value exactly at a kink is accepted too (programs drawn at kinks).
    var exactKinks: Bool
    /// The largest magnitude a value may take.
    var limit: Double

    /// The margins at a program's point.
    static func atPoint(exactKinks: Bool, limit: Double) -> ArrayFuzzMargins {
        ArrayFuzzMargins(domain: 1, kink: 0.01, exactKinks: exactKinks, limit: limit)
    }

    /// Merely inside (finite-difference points).
    static let inside = ArrayFuzzMargins(domain: 0, kink: 0, exactKinks: true, limit: .infinity)

    /// Whether `d` (a distance from a kink, signed) is far enough, or exactly 0 where allowed.
    func clear(_ d: Double) -> Bool { Swift.abs(d) >= kink || (exactKinks && d == 0) }
}

/// The entries of `a` and `b` broadcast together.
func fuzzPairs(_ a: Tensor, _ b: Tensor) -> ([Double], [Double]) {
    guard let shape = fuzzBroadcast(a.shape, b.shape) else { return ([], []) }
    return (a.broadcasted(to: shape).scalars, b.broadcasted(to: shape).scalars)
}

/// The sign of `d` as a branch: -1, 0 or 1.
func fuzzSign(_ d: Double) -> Int32 { d > 0 ? 1 : (d < 0 ? -1 : 0) }

/// For each group of a reduction over `axes` (nil: all), its entries in row-major order.
func fuzzReductionGroups(_ x: Tensor, axes: [Int]?) -> [[Double]] {
    let rank = x.rank
    let reduced = Set((axes ?? Array(0..<rank)).compactMap { fuzzAxis($0, rank: rank) })
    var groups: [Int: [Double]] = [:]
    var coordinates = [Int](repeating: 0, count: rank)
    for value in x.scalars {
        var key = 0
        for k in 0..<rank where !reduced.contains(k) { key = key * x.shape[k] + coordinates[k] }
        groups[key, default: []].append(value)
        var k = rank - 1
        while k >= 0 {
            coordinates[k] += 1
            if coordinates[k] < x.shape[k] { break }
            coordinates[k] = 0
            k -= 1
        }
    }
    return groups.keys.sorted().map { groups[$0]! }
}

extension ArrayFuzzOperation {
    /// Whether the operation is inside its domain at operand values `v` (all registers so
    /// far) with `margins`; appends the side of each kink it has to `branches`.
    /// - Complexity: O(entries of the operands).
    func admits(_ v: [Tensor], _ margins: ArrayFuzzMargins, branches: inout [Int32]) -> Bool {
        let m = margins.domain
        switch self {
        case .arithmetic(.divide, _, let b):
            return v[b].scalars.allSatisfy { Swift.abs($0) >= 0.1 * m }
        case .withConstant(.constantDivide, let a, _):
            return v[a].scalars.allSatisfy { Swift.abs($0) >= 0.1 * m }
        case .withConstant(.divideConstant, _, let c):
            return Swift.abs(c) >= 0.1 * m && c != 0
        case .unary(let o, let a):
            let x = v[a].scalars
            switch o {
            case .exp, .expMinusOne, .sinh, .cosh: return x.allSatisfy { Swift.abs($0) <= 6 }
            case .log, .sqrt: return x.allSatisfy { $0 >= 0.05 * m }
            case .logOnePlus: return x.allSatisfy { $0 >= -1 + 0.05 * m }
            case .power(let n): return n >= 0 || x.allSatisfy { Swift.abs($0) >= 0.1 * m }
            case .tan: return x.allSatisfy { Swift.abs(Foundation.cos($0)) >= 0.1 * m }
            case .asin, .acos: return x.allSatisfy { Swift.abs($0) <= 1 - 0.05 * m }
            case .relu, .abs:
                branches += x.map(fuzzSign)
                return x.allSatisfy(margins.clear)
            default: return true
            }
        case .binary(let o, let a, let b):
            let (x, y) = fuzzPairs(v[a], v[b])
            switch o {
            case .pow: return zip(x, y).allSatisfy { $0 >= 0.1 * m && Swift.abs($1) <= 4 }
            case .atan2:
                // Away from the origin and from the branch cut (the negative x axis).
                branches += zip(x, y).map { $1 < 0 ? ($0 >= 0 ? 1 : -1) : 0 }
                return zip(x, y).allSatisfy {
                    Foundation.hypot($0, $1) >= 0.05 * m && !($1 < 0 && (Swift.abs($0) < 0.05 * m || $0 == 0))
                }
            case .hypot: return zip(x, y).allSatisfy { Foundation.hypot($0, $1) >= 0.05 * m && ($0 != 0 || $1 != 0) }
            case .min, .max:
                branches += zip(x, y).map { fuzzSign($1 - $0) }
                return zip(x, y).allSatisfy { margins.clear($1 - $0) }
            }
        case .reduce(.max, let a, let axes, _):
            var clear = true
            for group in fuzzReductionGroups(v[a], axes: axes) {
                var best = 0 // the first largest, as the array layer picks
                for i in group.indices.dropFirst() where group[i] > group[best] { best = i }
                branches.append(Int32(best))
                let runnerUp = group.indices.filter { $0 != best }.map { group[$0] }.max()
                if let r = runnerUp, !margins.clear(group[best] - r) { clear = false }
            }
            return clear
        case .select(let mask, _, _):
            let (x, y) = fuzzPairs(v[mask.lhs], mask.rhs.map { v[$0] } ?? Tensor(mask.constant))
            branches += zip(x, y).map { mask.comparison.holds($0, $1) ? 1 : 0 }
            return zip(x, y).allSatisfy { margins.clear($0 - $1) }
        case .map(let map, let arguments) where map.hasKink:
            let x = v[arguments[0]].scalars
            branches += x.map(fuzzSign)
            return x.allSatisfy(margins.clear)
        default:
            return true
        }
    }
}

/// Every register of `program` at `x` and the side of every kink, or nil if an
/// operation is outside its domain with `margins` or a value is not finite or exceeds
/// `margins.limit`. The program's shapes must be valid (``ArrayFuzzProgram/registerShapes()``).
/// - Complexity: one plain evaluation and one pass over every operand.
func checkedArrayEvaluation(_ program: ArrayFuzzProgram, at x: [Tensor], _ margins: ArrayFuzzMargins)
    -> (values: [Tensor], branches: [Int32])?
{
    var values = x
    var branches: [Int32] = []
    for instruction in program.instructions {
        guard instruction.admits(values, margins, branches: &branches) else { return nil }
        let r = instruction.evaluate(values)
        guard r.scalars.allSatisfy({ $0.isFinite && Swift.abs($0) <= margins.limit }) else { return nil }
        values.append(r)
    }
    return (values, branches)
}
