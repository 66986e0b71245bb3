// Vector reverse mode: one sweep carries k adjoints per entry (SIMD lanes), so the k
// rows of a Jacobian share each entry's loads of parents and partials.

extension TapeStorage where Value == Double {
    /// The reverse sweep of ``sweep(_:from:)`` with `Lanes.scalarCount` adjoints per
    /// entry, visiting only live entries.
    ///
    /// `live[i] != 0` marks an entry whose adjoint may be nonzero (the caller marks the
    /// seeded outputs; the sweep marks each parent it adds to). Entries no seeded output
    /// depends on are skipped after a one-byte test: a Jacobian row block of a layered
    /// function touches its own rows and the shared layers, not every other output's
    /// work. (Testing the lanes for zero instead compiles to a lane loop.) Each processed
    /// entry is left with a zero adjoint and a cleared mark, so the next sweep needs no
    /// re-zeroing; input entries keep theirs for the caller to read and clear.
    ///
    /// Where a partial is infinite, lanes whose adjoint is zero get exactly zero, so an
    /// unused singular branch cannot turn `0 · inf` into NaN (one scalar test).
    /// - Complexity: O(start) byte tests plus SIMD multiply-adds for the live entries.
    @inlinable
    func sweep<Lanes: SIMD>(
        _ adjoints: UnsafeMutablePointer<Lanes>, live: UnsafeMutablePointer<UInt8>,
        secondPartialsByEntry seconds: UnsafePointer<Double>, from start: Int
    ) where Lanes.Scalar == Double {
        @inline(__always) func scaled(_ a: Lanes, _ p: Double) -> Lanes {
            p.isFinite ? a * p : (a * p).replacing(with: 0, where: a .== 0)
        }
        let none = Self.noParent, mask = Self.parentMask
        let records = self.records
        var i = start
        while i >= 0 {
            if live[i] != 0 {
                let word = records[i].word
                if word > mask { // not an input (operation 0)
                    let l = word & mask
                    let a = adjoints[i]
                    adjoints[i] = .zero
                    live[i] = 0
                    adjoints[Int(l)] += scaled(a, records[i].partial)
                    live[Int(l)] = 1
                    let r = records[i].secondParent
                    if r != none {
                        adjoints[Int(r)] += scaled(a, seconds[i])
                        live[Int(r)] = 1
                    }
                }
            }
            i -= 1
        }
    }

    /// Writes every binary entry's second partial at its entry's index (other slots are
    /// left unwritten): the view a vector sweep reads, so that it can skip dead entries
    /// after a one-byte test instead of stepping a cursor over each of them.
    /// - Complexity: one pass over the entries; built once per Jacobian, not per sweep.
    @inlinable
    func scatterSecondPartials(into byEntry: UnsafeMutablePointer<Double>) {
        let none = Self.noParent, records = self.records, seconds = secondPartials
        var k = 0
        for i in 0..<count where records[i].secondParent != none {
            byEntry[i] = seconds[k]
            k &+= 1
        }
    }
}

extension Tape where Value == Double {
    /// Runs `body` with the second partials laid out by entry
    /// (``TapeStorage/scatterSecondPartials(into:)``), in memory from the pool.
    @inlinable
    func withSecondPartialsByEntry<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try TapeMemoryPool.shared.withScratch(count, of: Double.self) { byEntry in
            storage.pointee.scatterSecondPartials(into: byEntry)
            return try body(byEntry)
        }
    }
}

extension Tape where Value == Double {
    /// Rows of the Jacobian of `outputs` with respect to `inputs`, `Lanes.scalarCount`
    /// rows per sweep, written into `J` (m × n row-major; may be uninitialised: every
    /// entry is written, each row by the thread that sweeps it, so a fresh result's pages
    /// are first touched in parallel rather than zeroed up front on one core). The first
    /// sweep runs alone and is timed; the rest split across threads by `parallelism`,
    /// each with its own adjoint buffer over the shared, read-only tape.
    /// - Complexity: ⌈m/k⌉ sweeps; scratch of `count × k` doubles per thread, pooled.
    @inlinable
    func jacobianRows<Lanes: SIMD>(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>],
        into J: UnsafeMutablePointer<Double>, lanes: Lanes.Type, parallelism: Parallelism = .serial
    ) where Lanes.Scalar == Double {
        let k = Lanes.scalarCount, m = outputs.count, n = inputs.count
        let sweeps = (m + k - 1) / k
        guard sweeps > 0 else { return }
        let entries = Swift.max(count, 1)
        for output in outputs {
            if let s = output.storage { precondition(s == storage, "output belongs to another tape") }
        }
        let storage = UnsafeSendable(self.storage)

        /// Sweep b: seeds rows [b·k, b·k + k), sweeps, copies the rows; the sweep leaves
        /// every entry but the inputs zeroed, and the inputs are cleared here.
        func sweep(
            _ b: Int, _ scratch: (adjoints: UnsafeMutablePointer<Lanes>, live: UnsafeMutablePointer<UInt8>),
            _ J: UnsafeMutablePointer<Double>, _ seconds: UnsafePointer<Double>
        ) {
            let (adjoints, live) = scratch
            let first = b * k, last = Swift.min(first + k, m)
            var top = -1
            for i in first..<last where outputs[i].storage != nil {
                let e = Int(outputs[i].index)
                adjoints[e][i - first] += 1
                live[e] = 1
                top = Swift.max(top, e)
            }
            guard top >= 0 else { // only constant outputs: zero rows
                (J + first * n).update(repeating: 0, count: (last - first) * n)
                return
            }
            storage.value.pointee.sweep(adjoints, live: live, secondPartialsByEntry: seconds, from: top)
            for j in 0..<n {
                let e = Int(inputs[j].index)
                let a = adjoints[e]
                for i in first..<last { J[i * n + j] = a[i - first] }
            }
            for j in 0..<n {
                let e = Int(inputs[j].index)
                adjoints[e] = .zero
                live[e] = 0
            }
        }

        /// Zeroed adjoints and cleared marks for one thread, from the pool.
        func withAdjoints<R>(_ body: ((adjoints: UnsafeMutablePointer<Lanes>, live: UnsafeMutablePointer<UInt8>)) -> R) -> R {
            TapeMemoryPool.shared.withLaneAdjoints(entries: entries, of: Lanes.self) { body(($0, $1)) }
        }

        withSecondPartialsByEntry { seconds in
            let J = UnsafeSendable(J), seconds = UnsafeSendable(seconds)
            let began = monotonicSeconds()
            withAdjoints { sweep(0, $0, J.value, seconds.value) }
            let threads = parallelism.threadCount(remaining: sweeps - 1, secondsPerItem: monotonicSeconds() - began)
            if threads <= 1 {
                withAdjoints { adjoints in for b in 1..<sweeps { sweep(b, adjoints, J.value, seconds.value) } }
                return
            }
            forEachItem(from: 0, to: threads, threads: threads) { _, t in
                withAdjoints { adjoints in
                    for b in stride(from: 1 + t, to: sweeps, by: threads) { sweep(b, adjoints, J.value, seconds.value) }
                }
            }
        }
    }

    /// Dispatches a chunk size to the SIMD type that carries it.
    @inlinable
    func jacobianRows(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>],
        into J: UnsafeMutablePointer<Double>, chunk: ChunkSize, parallelism: Parallelism = .serial
    ) {
        switch chunk {
        case .one, .two:
            jacobianRows(outputs: outputs, inputs: inputs, into: J, lanes: SIMD2<Double>.self, parallelism: parallelism)
        case .four:
            jacobianRows(outputs: outputs, inputs: inputs, into: J, lanes: SIMD4<Double>.self, parallelism: parallelism)
        case .eight:
            jacobianRows(outputs: outputs, inputs: inputs, into: J, lanes: SIMD8<Double>.self, parallelism: parallelism)
        case .sixteen:
            jacobianRows(outputs: outputs, inputs: inputs, into: J, lanes: SIMD16<Double>.self, parallelism: parallelism)
        }
    }

    /// The m × n Jacobian of `outputs` with respect to `inputs` as a new matrix, its
    /// storage first touched by the sweeps (see ``jacobianRows(outputs:inputs:into:lanes:parallelism:)``).
    @inlinable
    func jacobianMatrix(
        outputs: [Tracked<Double>], inputs: [Tracked<Double>], chunk: ChunkSize, parallelism: Parallelism = .serial
    ) -> Matrix<Double> {
        let m = outputs.count, n = inputs.count
        let elements = [Double](unsafeUninitializedCapacity: m * n) { buffer, initialized in
            if m * n > 0 {
                jacobianRows(outputs: outputs, inputs: inputs, into: buffer.baseAddress!, chunk: chunk, parallelism: parallelism)
            }
            initialized = m * n
        }
        return Matrix(rows: m, columns: n, elements: elements)
    }
}
