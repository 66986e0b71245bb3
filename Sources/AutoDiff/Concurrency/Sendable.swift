// Which public types cross concurrency domains.
//
// Values (results, dual numbers, shapes) are Sendable when their elements are: a Jacobian
// computed in one task can be handed to another. Recordings are not: a `Tape`, the
// `Tracked` values that point into it, the `Adjoints` read from it, a `GradientRecording`
// and a `RecordedFunction` belong to the one computation that made them (their storage is
// mutated without locks and freed with the tape). Two tasks each record on their own tape
// at the same time; none shares one. The enums (`DifferentiationMode`, `ChunkSize`,
// `HVPMode`, `Parallelism`, `Operation`) and `DifferentiationError` are declared Sendable
// where they are defined.
//
// Why `@unchecked`: Swift checks a Sendable conformance only in the file that declares the
// type; from this file it must be asserted. Each type below stores only its `Element` /
// `Value` / `Tangents` (Sendable by the `where` clause), `Int`s and arrays of them, or
// the wrapped function; moving a conformance next to its type's declaration (dropping
// `@unchecked`) would let the compiler re-check it whenever a stored property is added.

/// A matrix of Sendable entries (e.g. `Matrix<Double>`) can be sent between tasks.
extension Matrix: @unchecked Sendable where Element: Sendable {}

/// A sparse matrix of Sendable entries can be sent between tasks.
extension SparseMatrix: @unchecked Sendable where Element: Sendable {}

/// A dual number of Sendable parts (e.g. `Dual<Double>`, `Dual<Dual<Double>>`) can be sent
/// between tasks. `Dual<Tracked<Double>>` is not: its parts point into a tape.
extension Dual: @unchecked Sendable where Value: Sendable {}

/// A chunked dual number: a value and SIMD lanes, plain data.
extension MultiDual: @unchecked Sendable where Tangents: Sendable {}

/// A scalar function viewed as a vector function is as Sendable as the function.
extension ScalarAsVectorFunction: @unchecked Sendable where Base: Sendable {}
