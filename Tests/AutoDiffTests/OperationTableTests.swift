import Testing
@testable import AutoDiff

// The operation table (`Operation.properties`) against what it describes: every row must
// say what the rule in LocalRules and the recordings actually do, because the replays
// trust it (a row that calls changing partials constant would replay stale ones), and
// every step of adding an elementary function (CONTRIBUTING.md) is checked somewhere:
// here, in CorpusCoverageTests (the corpus records every operation) and in
// ADBenchKitTests' FuzzOperationCoverageTests (the fuzz programs record every operation).

/// Whether two rule results differ (so a partial depends on what was changed).
private func differs(_ a: Double, _ b: Double) -> Bool { a.bitPattern != b.bitPattern }

/// Points inside every operation's domain (asin and acos: |x| < 1; log, sqrt: x > 0),
/// and constants valid for every constant form (powInt: an integer).
private let x1 = 0.35, x2 = 0.6, y1 = 0.45, y2 = 0.8
private func constants(_ op: Operation) -> (Double, Double) { op == .powInt ? (3, 4) : (1.7, 2.3) }

/// The tape operations a unary `ADScalar` function records (not the constant forms of a
/// binary operation, nor negation): what the array layer's elementwise functions must cover.
private let elementaryUnary = Operation.allCases.filter { op in
    let constantForms = Operation.allCases.compactMap(\.properties.withConstant).flatMap { [$0.left, $0.right] }
    return op.properties.arity == .unary && op.properties.structure == .nonlinear && !constantForms.contains(op)
}

@Suite("Operation table") struct OperationTableTests {
    @Test(arguments: Operation.allCases.filter { $0.properties.arity == .unary && !$0.properties.isLocal })
    func unaryRowsAgreeWithTheirRules(op: Operation) {
        let row = op.properties
        let (c1, c2) = constants(op)
        let a = LocalRules<Double>.unary(op, x1, c1), b = LocalRules<Double>.unary(op, x2, c1)
        #expect(differs(a.partial, b.partial) == !row.partialsAreConstant, "partials constant: \(row.partialsAreConstant)")
        #expect(row.structure == .linear || row.structure == .nonlinear, "one operand: linear or not")
        let other = LocalRules<Double>.unary(op, x1, c2)
        #expect(differs(a.value, other.value) == (row.constant != .none), "reads a constant: \(row.constant)")
        if row.constant == .isThePartial { #expect(a.partial == c1) }
    }

    @Test(arguments: Operation.allCases.filter { $0.properties.arity == .binary && !$0.properties.isLocal })
    func binaryRowsAgreeWithTheirRules(op: Operation) throws {
        let row = op.properties
        let base = LocalRules<Double>.binary(op, x1, y1)
        let movedX = LocalRules<Double>.binary(op, x2, y1), movedY = LocalRules<Double>.binary(op, x1, y2)
        // Which partial changes with which operand is the structural class.
        let dxOnX = differs(base.dx, movedX.dx), dxOnY = differs(base.dx, movedY.dx)
        let dyOnX = differs(base.dy, movedX.dy), dyOnY = differs(base.dy, movedY.dy)
        switch row.structure {
        case .local: Issue.record("local partials have no rule here")
        case .linear: #expect(!dxOnX && !dxOnY && !dyOnX && !dyOnY)
        case .product: #expect(!dxOnX && dxOnY && dyOnX && !dyOnY)
        case .quotient: #expect(!dxOnX && dxOnY && dyOnX && dyOnY)
        case .nonlinear: #expect(dxOnX && dyOnY)
        }
        #expect(row.constant == .none)
        // Its constant forms compute what the binary rule computes with a constant
        // operand, bit for bit (value and the remaining operand's partial).
        let forms = try #require(row.withConstant)
        for (form, onLeft) in [(forms.left, true), (forms.right, false)] {
            #expect(op.withConstant(onLeft: onLeft) == form)
            #expect(form.properties.arity == .unary && form.properties.constant != .none)
            let c = 1.7
            let binary = onLeft ? LocalRules<Double>.binary(op, c, y1) : LocalRules<Double>.binary(op, y1, c)
            let unary = LocalRules<Double>.unary(form, y1, c)
            #expect(unary.value.bitPattern == binary.value.bitPattern, "\(form)")
            #expect(unary.partial.bitPattern == (onLeft ? binary.dy : binary.dx).bitPattern, "\(form)")
        }
    }

    @Test func recordingsHaveTheRowsArityAndKeepTheRowsConstants() {
        // EveryOperation records every operation; each entry's operands are its row's.
        withRecording { tape in
            let y = EveryOperation()([1.3, 0.7, 1.1, 1.6].map(tape.variable))
            _ = PreaccumulatedMix()([1.3, 0.7, 1.1, 1.6].map(tape.variable))
            var kept = 0
            for i in 0..<tape.count {
                let op = tape.operation(at: i), row = op.properties
                let operands: Int =
                    switch row.arity {
                    case .none: 0;
                    case .unary: 1;
                    case .binary: 2
                    }
                #expect(row.isLocal == (op == .localPartial || op == .localPartials))
                #expect(tape.entry(at: i).parents.count == operands, "\(op)")
                if row.keepsConstant { kept += 1 }
            }
            #expect(Set((0..<tape.count).map(tape.operation(at:))) == Set(Operation.allCases))
            let binary = (0..<tape.count).filter { tape.operation(at: $0).properties.arity == .binary }.count
            // Bytes: 16 per entry, 8 more per second partial and per kept constant.
            #expect(tape.byteCount == 16 * tape.count + 8 * (binary + kept))
            _ = y
        }
    }

    @Test func namesAreUniqueAndTheOperationFitsItsSixBits() {
        #expect(Set(Operation.allCases.map(\.description)).count == Operation.allCases.count)
        #expect(Operation.allCases.count <= 64)
        #expect(Operation.allCases.allSatisfy { $0 == .input || $0.properties.arity != .none })
    }

    @Test func theArrayLayerHasEveryElementaryFunction() {
        // Each unary elementary function of the scalar layer has an elementwise one, and
        // each nonlinear binary one an elementwise binary one (each records its operation).
        withRecording { tape in
            let x = tape.variable(0.4), y = tape.variable(0.7)
            let before = tape.count
            for f in ElementwiseOperation.all { _ = f.apply(to: x) }
            for f in ElementwiseBinaryOperation.allCases { _ = f.apply(to: x, y) }
            let recorded = Set((before..<tape.count).map(tape.operation(at:)))
            let binary = Operation.allCases.filter { $0.properties.arity == .binary && $0.properties.structure == .nonlinear }
            let missing = (elementaryUnary + binary).filter { !recorded.contains($0) }
            #expect(missing.isEmpty, "no elementwise function records \(missing)")
        }
    }
}
