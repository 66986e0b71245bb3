/// The shapes of a chain product `M_1 · M_2 · … · M_k`, `M_i` of shape `d_{i−1} × d_i`
/// (a final vector is a last factor with `d_k = 1`), and what each order of multiplying
/// costs: the source texts' `A·B·C·d` experiment.
///
/// Multiplying `p × q` by `q × r` costs `p·q·r` multiply-adds, so the order matters:
/// for `A·B·C·d` from the right it is three matrix-vector products, from the left two
/// matrix-matrix products and one matrix-vector product.
///
/// ```swift
/// let chain = try MatrixChain(dimensions: [10, 100, 5, 50])
/// chain.leftToRightCost   // 10·100·5 + 10·5·50 = 7500
/// chain.rightToLeftCost   // 100·5·50 + 10·100·50 = 75000
/// chain.optimal.order.description  // "(A·B)·C"
/// ```
public struct MatrixChain: Sendable, Equatable {
    /// d_0 … d_k (k + 1 entries); with ``endsWithVector`` the last is 1.
    public let dimensions: [Int]
    /// Whether the last factor is a vector (a `d_{k−1} × 1` column).
    public let endsWithVector: Bool

    /// The largest dimension accepted, so that counts and allocations stay sane.
    public static let maximumDimension = 1 << 20

    /// The chain with the given dimensions; `vector: true` appends a final vector factor
    /// of length `d_k` (dimension 1).
    /// - Throws: ``MatrixChainError`` for fewer than two dimensions or a dimension
    ///   outside `1...maximumDimension`.
    public init(dimensions: [Int], vector: Bool = false) throws {
        guard dimensions.count >= 2 else { throw MatrixChainError.tooFewDimensions(got: dimensions.count) }
        for (i, d) in dimensions.enumerated() where d < 1 || d > Self.maximumDimension {
            throw MatrixChainError.dimensionOutOfRange(index: i, value: d, maximum: Self.maximumDimension)
        }
        self.dimensions = vector ? dimensions + [1] : dimensions
        self.endsWithVector = vector
    }

    /// The number of factors k.
    public var count: Int { dimensions.count - 1 }

    /// Factor i's shape (`d_i × d_{i+1}`, 0-based).
    public func shape(_ i: Int) -> (rows: Int, columns: Int) { (dimensions[i], dimensions[i + 1]) }

    /// The default operand names: A, B, C, … and `d` for a final vector.
    public var names: [String] {
        (0..<count).map { i in
            endsWithVector && i == count - 1 ? "d" : ChainOrder.operand(i).description
        }
    }

    /// The multiply-adds of `order`.
    /// - Complexity: O(k).
    public func cost(of order: ChainOrder) -> Int { costAndSpan(order).cost }

    private func costAndSpan(_ order: ChainOrder) -> (cost: Int, first: Int, last: Int) {
        switch order {
        case let .operand(i): return (0, i, i)
        case let .product(l, r):
            let a = costAndSpan(l), b = costAndSpan(r)
            precondition(a.last + 1 == b.first, "operands of a product must be adjacent")
            return (
                a.cost + b.cost + dimensions[a.first] * dimensions[a.last + 1] * dimensions[b.last + 1],
                a.first, b.last
            )
        }
    }

    /// Multiply-adds of `((M1·M2)·M3)·…`: `Σ_{i=2}^{k} d_0·d_{i−1}·d_i`.
    public var leftToRightCost: Int { cost(of: .leftToRight(count: count)) }

    /// Multiply-adds of `M1·(M2·(…·Mk))`: `Σ_{i=1}^{k−1} d_{i−1}·d_i·d_k`.
    public var rightToLeftCost: Int { cost(of: .rightToLeft(count: count)) }

    /// The cheapest parenthesisation by the classic matrix-chain dynamic programme
    /// (`c[i][j] = min_s c[i][s] + c[s+1][j] + d_i·d_{s+1}·d_{j+1}`; on a tie the
    /// leftmost split).
    /// - Complexity: O(k³) time, O(k²) memory.
    public var optimal: (cost: Int, order: ChainOrder) {
        let k = count
        var best = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var split = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        if k > 1 {
            for length in 2...k {
                for i in 0...(k - length) {
                    let j = i + length - 1
                    best[i][j] = .max
                    for s in i..<j {
                        let c = best[i][s] + best[s + 1][j] + dimensions[i] * dimensions[s + 1] * dimensions[j + 1]
                        if c < best[i][j] { best[i][j] = c; split[i][j] = s }
                    }
                }
            }
        }
        func build(_ i: Int, _ j: Int) -> ChainOrder {
            i == j ? .operand(i) : .product(build(i, split[i][j]), build(split[i][j] + 1, j))
        }
        return (best[0][k - 1], build(0, k - 1))
    }

    /// The entries every intermediate product of `order` allocates (the memory the order
    /// needs besides the operands).
    public func intermediateEntries(of order: ChainOrder) -> Int {
        switch order {
        case .operand: return 0
        case let .product(l, r):
            let (a, b) = (l.span, r.span)
            return intermediateEntries(of: l) + intermediateEntries(of: r)
                + dimensions[a.first] * dimensions[b.last + 1]
        }
    }
}

/// A chain the experiment cannot run, with a one-line message.
public enum MatrixChainError: Error, Equatable, CustomStringConvertible {
    /// A chain needs d_0 and d_1 at least.
    case tooFewDimensions(got: Int)
    /// A dimension is below 1 or above the maximum.
    case dimensionOutOfRange(index: Int, value: Int, maximum: Int)

    /// "expected at least 2 dimensions, got 1".
    public var description: String {
        switch self {
        case let .tooFewDimensions(got): "expected at least 2 dimensions, got \(got)"
        case let .dimensionOutOfRange(i, v, max): "dimension \(i) must be in 1...\(max), got \(v)"
        }
    }
}
