// Vector reverse mode: one sweep carries k adjoints per entry (SIMD lanes), so the k
// rows of a Jacobian share each entry's loads of parents and partials.

extension TapeStorage where Value == Double {
    /// The reverse sweep of ``sweep(_:from:)`` with `Lanes.scalarCount` adjoints per
    /// entry. Entries whose adjoint lanes are all zero are skipped.
    /// - Complexity: O(start) SIMD multiply-adds.
    @inlinable
    func sweep<Lanes: SIMD>(_ adjoints: UnsafeMutablePointer<Lanes>, from start: Int) where Lanes.Scalar == Double {
        let none = Self.noParent
        var i = start
        while i >= 0 {
            let a = adjoints[i]
            if a != .zero {
                let l = lhs[i]
                if l != none {
                    adjoints[Int(l)] += a * lhsPartials[i]
                    let r = rhs[i]
                    if r != none { adjoints[Int(r)] += a * rhsPartials[i] }
                }
            }
            i -= 1
        }
    }
}

extension Tape where Value == Double {
    /// Rows of the Jacobian of `outputs` with respect to `inputs`, `Lanes.scalarCount`
    /// rows per sweep, written into `jacobian` (m × n, zero-initialised).
    /// - Complexity: ⌈m/k⌉ sweeps; scratch of `count × k` doubles from the pool.
    @inlinable
    func jacobianRows<Lanes: SIMD>(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>],
        into jacobian: inout Matrix<Double>, lanes: Lanes.Type
    ) where Lanes.Scalar == Double {
        let k = Lanes.scalarCount, m = outputs.count, n = inputs.count
        let entries = Swift.max(count, 1)
        let (raw, bytes) = TapeMemoryPool.shared.take(bytes: entries * MemoryLayout<Lanes>.stride)
        defer { TapeMemoryPool.shared.give(raw, bytes: bytes) }
        let adjoints = raw.bindMemory(to: Lanes.self, capacity: entries)
        adjoints.initialize(repeating: .zero, count: entries)
        var first = 0
        while first < m {
            let last = Swift.min(first + k, m)
            var top = -1
            for i in first..<last {
                guard let s = outputs[i].storage else { continue }
                precondition(s == storage, "output belongs to another tape")
                let e = Int(outputs[i].index)
                adjoints[e][i - first] += 1
                top = Swift.max(top, e)
            }
            if top >= 0 {
                storage.pointee.sweep(adjoints, from: top)
                jacobian.elements.withUnsafeMutableBufferPointer { J in
                    for j in 0..<n {
                        let a = adjoints[Int(inputs[j].index)]
                        for i in first..<last { J[i * n + j] = a[i - first] }
                    }
                }
                adjoints.update(repeating: .zero, count: top + 1)
            }
            first = last
        }
    }

    /// Dispatches a chunk size to the SIMD type that carries it.
    @inlinable
    func jacobianRows(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>],
        into jacobian: inout Matrix<Double>, chunk: ChunkSize
    ) {
        switch chunk {
        case .one, .two: jacobianRows(outputs: outputs, inputs: inputs, into: &jacobian, lanes: SIMD2<Double>.self)
        case .four: jacobianRows(outputs: outputs, inputs: inputs, into: &jacobian, lanes: SIMD4<Double>.self)
        case .eight: jacobianRows(outputs: outputs, inputs: inputs, into: &jacobian, lanes: SIMD8<Double>.self)
        case .sixteen: jacobianRows(outputs: outputs, inputs: inputs, into: &jacobian, lanes: SIMD16<Double>.self)
        }
    }
}
