/// How many directions ride together: tangents per forward pass (``MultiDual`` lanes)
/// or adjoints per reverse sweep.
///
/// A chunk of k shares each operation's primal and partial across k directions, so a
/// Jacobian needs ⌈n/k⌉ forward passes or ⌈m/k⌉ reverse sweeps. Wider is cheaper per
/// direction until the lanes no longer fit the registers and caches; unused lanes of the
/// last chunk are wasted work.
public enum ChunkSize: Int, CaseIterable, Sendable, CustomStringConvertible {
    case one = 1, two = 2, four = 4, eight = 8, sixteen = 16

    /// The rule used when the caller gives none: the smallest chunk that covers all
    /// `directions` in one go, capped at 8 (wider chunks measured no faster here: a
    /// `SIMD16<Double>` no longer fits the vector registers).
    ///
    /// Examples: 1 → one, 3 → four, 8 → eight, 100 → eight (13 passes).
    @inlinable
    public static func automatic(for directions: Int) -> ChunkSize {
        switch directions {
        case ...1: .one
        case 2: .two
        case 3...4: .four
        default: .eight
        }
    }

    /// The lane count.
    public var description: String { String(rawValue) }
}
