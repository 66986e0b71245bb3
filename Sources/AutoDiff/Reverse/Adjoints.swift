/// The grad table of one reverse sweep: for every entry of a tape, the derivative of
/// the seeded output combination with respect to that entry.
///
/// Read it with a subscript on the variables of interest: `adjoints[x]` is
/// `∂(seeded outputs)/∂x`. Constants read as zero.
public struct Adjoints<Value: ADScalar> {
    /// One adjoint per tape entry, in recording order.
    public let values: [Value]
    @usableFromInline let storage: UnsafeMutableRawPointer

    @inlinable
    init(values: [Value], storage: UnsafeMutablePointer<TapeStorage<Value>>) {
        self.values = values
        self.storage = UnsafeMutableRawPointer(storage)
    }

    /// The adjoint of `x`: zero for a constant; traps for a variable of another tape.
    @inlinable
    public subscript(x: Tracked<Value>) -> Value {
        guard let s = x.storage else { return .zero }
        precondition(UnsafeMutableRawPointer(s) == storage, "variable belongs to another tape")
        return values[Int(x.index)]
    }
}

extension Tape {
    /// The reverse sweep from one output: `adjoints[x] = seed · ∂output/∂x` for every
    /// recorded `x`.
    /// - Complexity: O(index of `output`) multiply-adds; one array of `count` adjoints.
    @inlinable
    public func adjoints(of output: Tracked<Value>, seed: Value = 1) -> Adjoints<Value> {
        adjoints(seeds: [(output, seed)])
    }

    /// The reverse sweep from a weighted set of outputs (a vector-Jacobian product):
    /// `adjoints[x] = Σ_k seed_k · ∂output_k/∂x`. Seeds on the same output add up.
    /// - Complexity: O(largest seeded index) multiply-adds; one array of `count` adjoints.
    @inlinable
    public func adjoints(seeds: [(output: Tracked<Value>, seed: Value)]) -> Adjoints<Value> {
        var values = [Value](repeating: .zero, count: count)
        values.withUnsafeMutableBufferPointer { buffer in
            _ = sweep(seeds: seeds, into: buffer.baseAddress!)
        }
        return Adjoints(values: values, storage: storage)
    }

    /// Sweeps into caller-owned memory of at least ``count`` zeroed adjoints (lets a
    /// Jacobian reuse one buffer across its m sweeps). Returns the highest seeded index
    /// (entries above it are left untouched), or −1 if no seed is on this tape.
    @inlinable @discardableResult
    func sweep(seeds: [(output: Tracked<Value>, seed: Value)], into adjoints: UnsafeMutablePointer<Value>) -> Int {
        var start = -1
        for (output, seed) in seeds {
            guard let s = output.storage else { continue }
            precondition(s == storage, "output belongs to another tape")
            let i = Int(output.index)
            adjoints[i] += seed
            start = Swift.max(start, i)
        }
        storage.pointee.sweep(adjoints, from: start)
        return start
    }
}

extension Tape {
    /// Runs `body` with a zeroed scratch array of ``count`` adjoints taken from the
    /// memory pool (no fresh allocation when a block is cached), for drivers that read
    /// only a few adjoints (the inputs') after each sweep.
    @inlinable
    func withAdjointScratch<R>(_ body: (UnsafeMutablePointer<Value>) throws -> R) rethrows -> R {
        try TapeMemoryPool.shared.withScratch(count, of: Value.self) { adjoints in
            adjoints.initialize(repeating: .zero, count: Swift.max(count, 1))
            return try body(adjoints)
        }
    }

    /// One sweep from weighted outputs, returning only the adjoints of `inputs`.
    /// - Complexity: O(largest seeded index); scratch memory from the pool.
    @inlinable
    func pullback(seeds: [(output: Tracked<Value>, seed: Value)], inputs: [Tracked<Value>]) -> [Value] {
        withAdjointScratch { adjoints in
            _ = sweep(seeds: seeds, into: adjoints)
            return inputs.map { $0.storage == nil ? .zero : adjoints[Int($0.index)] }
        }
    }

    /// One sweep from weighted outputs, returning the adjoints of the consecutive entries
    /// `inputs` (as `entries(of:)` gives them): a copy, without reading the variables again.
    /// - Complexity: O(largest seeded index); scratch memory from the pool.
    @inlinable
    func pullback(seeds: [(output: Tracked<Value>, seed: Value)], inputEntries inputs: Range<Int>) -> [Value] {
        withAdjointScratch { adjoints in
            _ = sweep(seeds: seeds, into: adjoints)
            return Array(UnsafeBufferPointer(start: adjoints + inputs.lowerBound, count: inputs.count))
        }
    }
}
