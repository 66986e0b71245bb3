// Vector reverse sweeps seeded with arbitrary rows: U·J for a k × m matrix U in ⌈k/lanes⌉
// sweeps, the adjoint program of a scalar-level composition stage.

extension Tape where Value == Double {
    /// `U·J` for the Jacobian J of `outputs` with respect to `inputs` (m × n) and the seed
    /// rows U (k × m, or the identity): one vector sweep per ⌈k/lanes⌉ rows, lanes from
    /// ``ChunkSize/automatic(for:)`` of k.
    /// - Complexity: ⌈k/lanes⌉ sweeps over the recording; scratch of `count × lanes`
    ///   doubles, pooled.
    @usableFromInline
    func seededRows(outputs: [Tracked<Double>], inputs: [Tracked<Double>], seeds: StageSeeds) -> Matrix<Double> {
        switch ChunkSize.automatic(for: seeds.count) {
        case .one, .two: seededRows(outputs: outputs, inputs: inputs, seeds: seeds, lanes: SIMD2<Double>.self)
        case .four: seededRows(outputs: outputs, inputs: inputs, seeds: seeds, lanes: SIMD4<Double>.self)
        case .eight, .sixteen: seededRows(outputs: outputs, inputs: inputs, seeds: seeds, lanes: SIMD8<Double>.self)
        }
    }

    /// ``seededRows(outputs:inputs:seeds:)`` with `Lanes.scalarCount` rows per sweep.
    func seededRows<Lanes: SIMD>(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>], seeds: StageSeeds, lanes: Lanes.Type
    ) -> Matrix<Double> where Lanes.Scalar == Double {
        let k = seeds.count, n = inputs.count
        var result = Matrix<Double>(rows: k, columns: n)
        guard k > 0, n > 0 else { return result }
        TapeMemoryPool.shared.withLaneAdjoints(entries: count, of: Lanes.self) { adjoints, live in
            seededRows(outputs: outputs, inputs: inputs, seeds: seeds, adjoints: adjoints, live: live, into: &result)
        }
        return result
    }

    /// ``seededRows(outputs:inputs:seeds:lanes:)`` with its lane adjoints and live marks.
    private func seededRows<Lanes: SIMD>(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>], seeds: StageSeeds,
        adjoints: UnsafeMutablePointer<Lanes>, live: UnsafeMutablePointer<UInt8>, into result: inout Matrix<Double>
    ) where Lanes.Scalar == Double {
        let k = seeds.count, m = outputs.count, n = inputs.count, width = Lanes.scalarCount
        withSecondPartialsByEntry { seconds in
            result.elements.withUnsafeMutableBufferPointer { out in
                for first in stride(from: 0, to: k, by: width) {
                    let count = Swift.min(width, k - first)
                    var top = -1
                    switch seeds {
                    case .identity: // output first + l carries lane l alone
                        for l in 0..<count where first + l < m && outputs[first + l].storage != nil {
                            let e = Int(outputs[first + l].index)
                            adjoints[e][l] += 1
                            live[e] = 1
                            top = Swift.max(top, e)
                        }
                    case let .rows(u):
                        u.elements.withUnsafeBufferPointer { u in
                            for i in 0..<m where outputs[i].storage != nil {
                                let e = Int(outputs[i].index)
                                var seed = Lanes.zero
                                for l in 0..<count { seed[l] = u[(first + l) * m + i] }
                                adjoints[e] += seed
                                live[e] = 1
                                top = Swift.max(top, e)
                            }
                        }
                    }
                    guard top >= 0 else { continue } // constant outputs only: zero rows
                    storage.pointee.sweep(adjoints, live: live, secondPartialsByEntry: seconds, from: top)
                    for j in 0..<n where inputs[j].storage != nil {
                        let a = adjoints[Int(inputs[j].index)]
                        for l in 0..<count { out[(first + l) * n + j] = a[l] }
                    }
                    for j in 0..<n where inputs[j].storage != nil {
                        adjoints[Int(inputs[j].index)] = .zero
                        live[Int(inputs[j].index)] = 0
                    }
                }
            }
        }
    }
}
