/// A parenthesisation of a chain product `M_0 · M_1 · … · M_{k−1}`: a binary tree whose
/// leaves are the operands' indices in order.
public indirect enum ChainOrder: Sendable, Equatable, CustomStringConvertible {
    /// Operand i, unmultiplied.
    case operand(Int)
    /// The product of two adjacent sub-chains.
    case product(ChainOrder, ChainOrder)

    /// `((M0·M1)·M2)·…`: start from the left, the way reverse mode sweeps from the outputs.
    public static func leftToRight(count: Int) -> ChainOrder {
        precondition(count >= 1, "a chain has at least one operand")
        var order = ChainOrder.operand(0)
        for i in 1..<count { order = .product(order, .operand(i)) }
        return order
    }

    /// `M0·(M1·(…·M_{k−1}))`: start from the right, the way forward mode pushes tangents
    /// from the inputs.
    public static func rightToLeft(count: Int) -> ChainOrder {
        precondition(count >= 1, "a chain has at least one operand")
        var order = ChainOrder.operand(count - 1)
        for i in stride(from: count - 2, through: 0, by: -1) { order = .product(.operand(i), order) }
        return order
    }

    /// Every parenthesisation of operands `first...last` (Catalan(k − 1) of them).
    /// - Complexity: exponential in the chain length; meant for brute-force checks (k <= ~10).
    public static func all(_ first: Int, _ last: Int) -> [ChainOrder] {
        if first == last { return [.operand(first)] }
        var orders: [ChainOrder] = []
        for split in first..<last {
            for l in all(first, split) { for r in all(split + 1, last) { orders.append(.product(l, r)) } }
        }
        return orders
    }

    /// The first and last operand index covered.
    public var span: (first: Int, last: Int) {
        switch self {
        case let .operand(i): (i, i)
        case let .product(l, r): (l.span.first, r.span.last)
        }
    }

    /// The order with operands named by `names` (default A, B, C, …; past Z, M26, M27, …),
    /// without the outermost parentheses: `A·(B·C)`.
    public func rendered(names: [String]? = nil) -> String {
        func name(_ i: Int) -> String {
            if let names, i < names.count { return names[i] }
            return i < 26 ? String(UnicodeScalar(UInt8(65 + i))) : "M\(i)"
        }
        func render(_ o: ChainOrder, top: Bool) -> String {
            switch o {
            case let .operand(i): return name(i)
            case let .product(l, r):
                let inner = render(l, top: false) + "·" + render(r, top: false)
                return top ? inner : "(" + inner + ")"
            }
        }
        return render(self, top: true)
    }

    /// ``rendered(names:)`` with the default names.
    public var description: String { rendered() }
}
