import Foundation
import Testing
import AutoDiff

// Big and empty inputs.
//
// Big: a recording of 10^7 operations completes, reports its memory (Tape.count,
// byteCount = 16 bytes per entry plus 8 per binary one) and sweeps to the right derivative (checked against
// forward mode and the closed form). It runs when AUTODIFF_SLOW_TESTS=1;
// a 10^6 version always runs. Measured in debug on 2 busy cores: 10^6 entries (25 MB)
// record + sweep 0.9-1.2 s; 10^7 entries (250 MB) 7.5 s, 12 s with the forward check.
//
// Empty: n = 0 inputs or m = 0 outputs are not errors. What each driver returns:
//   gradient / valueWithGradient at []        -> [] (and f([]))
//   valueWithPullback (scalar) at []          -> pullback(s) = []
//   jvp at [] with direction []               -> m zeros (f is constant)
//   vjp at [] with an m-entry cotangent       -> []
//   forwardJacobian / reverseJacobian / jacobian(mode: any) at [] -> an m × 0 matrix
//   an m = 0 function at n inputs             -> 0 × n matrix, jvp [], vjp(cotangent: []) n zeros
//   hvp at [] with direction []               -> []
// for every ChunkSize.

/// y ← a·y + x, `steps` times from y = x: two tape entries per step (multiply by a
/// constant, add). y = x·(1 + a + … + a^steps), so dy/dx = (1 − a^(steps+1)) / (1 − a).
struct BigGeometricChain: ScalarFunction {
    let steps: Int
    static let a = 0.999_999_9
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var y = x[0]
        for _ in 0..<steps { y = y * Self.a + x[0] }
        return y
    }
    var closedForm: Double { (1 - Foundation.pow(Self.a, Double(steps + 1))) / (1 - Self.a) }
}

/// Records `operations` entries and sweeps once; returns (count, byteCount, derivative).
func bigRecordChain(operations: Int) -> (count: Int, bytes: Int, derivative: Double, seconds: Double) {
    let chain = BigGeometricChain(steps: (operations - 1) / 2)
    let start = Date()
    return withRecording(reservingCapacity: operations + 16) { tape in
        let x = tape.variable(0.75)
        let y = chain([x])
        let derivative = tape.adjoints(of: y)[x]
        return (tape.count, tape.byteCount, derivative, Date().timeIntervalSince(start))
    }
}

let bigSlowTestsEnabled = ProcessInfo.processInfo.environment["AUTODIFF_SLOW_TESTS"] == "1"

/// A function of no inputs with `m` outputs (constants), or of n inputs with no output.
struct EmptyCaseOutputs: VectorFunction {
    let m: Int
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        (0..<m).map { i in T(Double(i) + 0.5) + x.reduce(T(0), +) }
    }
}

struct EmptyCaseNoOutputs: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [] }
}

struct EmptyCaseScalar: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x.reduce(T(2.5)) { $0 + T.sin($1) } }
}

@Suite struct BigAndEmptyInputTests {
    func checkBig(operations: Int) {
        let r = bigRecordChain(operations: operations)
        print("recording of \(r.count) entries: \(r.bytes) bytes, \(String(format: "%.2f", r.seconds)) s with its sweep")
        #expect(r.count == operations) // one input entry + 2 per step
        // Per step a unary entry (y · a: the partial is the constant) and a binary one.
        let steps = (operations - 1) / 2
        #expect(r.bytes == Tape<Double>.bytesPerUnaryEntry + steps * (Tape<Double>.bytesPerUnaryEntry + Tape<Double>.bytesPerBinaryEntry))
        let chain = BigGeometricChain(steps: (operations - 1) / 2)
        #expect(Swift.abs(r.derivative - chain.closedForm) <= 1e-9 * chain.closedForm)
        // Forward mode (no tape) gives the same derivative up to rounding order.
        let forward = (try? jvp(of: chain, at: [0.75], direction: [1]).tangent) ?? .nan
        #expect(Swift.abs(r.derivative - forward) <= 1e-12 * Swift.abs(forward))
    }

    @Test func recordingOfAMillionOperations() { checkBig(operations: 1_000_001) }

    @Test(.enabled(if: bigSlowTestsEnabled, "set AUTODIFF_SLOW_TESTS=1 (10^7 entries, ~250 MB)"))
    func recordingOfTenMillionOperations() { checkBig(operations: 10_000_001) }

    @Test func noInputsThroughEveryDriver() throws {
        let x: [Double] = []
        let f = EmptyCaseScalar()
        for mode in DifferentiationMode.allCases {
            #expect(try gradient(of: f, at: x, mode: mode) == [])
            let (value, g) = try valueWithGradient(of: f, at: x, mode: mode)
            #expect(value == 2.5 && g.isEmpty)
        }
        #expect(try valueWithPullback(of: f, at: x).pullback(1) == [])
        #expect(try hvp(of: f, at: x, direction: []) == [])
        let v = EmptyCaseOutputs(m: 3)
        #expect(try jvp(of: v, at: x, direction: []) == ([0.5, 1.5, 2.5], [0, 0, 0]))
        #expect(try vjp(of: v, at: x, cotangent: [1, 2, 3]).cotangent == [])
        for chunk in ChunkSize.allCases {
            for result in [try forwardJacobian(of: v, at: x, chunk: chunk), try reverseJacobian(of: v, at: x, chunk: chunk)] {
                #expect(result.value == [0.5, 1.5, 2.5], "chunk \(chunk)")
                #expect(result.jacobian.rows == 3 && result.jacobian.columns == 0 && result.jacobian.elements.isEmpty)
            }
        }
        for mode in DifferentiationMode.allCases {
            let j = try jacobian(of: v, at: x, mode: mode)
            #expect(j.rows == 3 && j.columns == 0, "mode \(mode)")
        }
    }

    @Test func noOutputsThroughEveryDriver() throws {
        let x: [Double] = [0.5, -1, 2]
        let f = EmptyCaseNoOutputs()
        #expect(try jvp(of: f, at: x, direction: [1, 0, 0]) == ([], []))
        #expect(try vjp(of: f, at: x, cotangent: []).cotangent == [0, 0, 0])
        #expect(try valueWithPullback(of: f, at: x).pullback([]) == [0, 0, 0])
        for chunk in ChunkSize.allCases {
            for result in [try forwardJacobian(of: f, at: x, chunk: chunk), try reverseJacobian(of: f, at: x, chunk: chunk)] {
                #expect(result.value.isEmpty, "chunk \(chunk)")
                #expect(result.jacobian.rows == 0 && result.jacobian.columns == 3 && result.jacobian.elements.isEmpty)
            }
        }
        for mode in DifferentiationMode.allCases {
            let j = try jacobian(of: f, at: x, mode: mode)
            #expect(j.rows == 0 && j.columns == 3, "mode \(mode)")
        }
        // A wrong-length cotangent is still an error, not a crash.
        #expect(throws: DifferentiationError.cotangentCount(expected: 0, got: 1)) {
            try vjp(of: f, at: x, cotangent: [1])
        }
    }

    @Test func noInputsAndNoOutputs() throws {
        let x: [Double] = []
        for chunk in ChunkSize.allCases {
            let forward = try forwardJacobian(of: EmptyCaseNoOutputs(), at: x, chunk: chunk)
            let reverse = try reverseJacobian(of: EmptyCaseNoOutputs(), at: x, chunk: chunk)
            #expect(forward.jacobian == Matrix(rows: 0, columns: 0) && reverse.jacobian == Matrix(rows: 0, columns: 0))
        }
        #expect(try jvp(of: EmptyCaseNoOutputs(), at: x, direction: []) == ([], []))
        #expect(try vjp(of: EmptyCaseNoOutputs(), at: x, cotangent: []).cotangent == [])
        #expect(Matrix<Double>(rows: 0, columns: 0).description == "")
        #expect(Matrix<Double>(rows: 0, columns: 4).transposed.rows == 4)
    }

    @Test func emptyInputToAFunctionThatDeclaresInputsIsAnError() {
        struct TwoInputs: ScalarFunction {
            var inputCount: Int? { 2 }
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * x[1] }
        }
        for mode in DifferentiationMode.allCases {
            #expect(throws: DifferentiationError.inputCount(expected: 2, got: 0)) {
                try gradient(of: TwoInputs(), at: [Double](), mode: mode)
            }
        }
    }
}
