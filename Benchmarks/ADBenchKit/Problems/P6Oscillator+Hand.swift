// P6 by hand: the RK4 loop on plain Doubles, and its adjoint as a reverse sweep over the
// stored states (each step's stages recomputed from its state, then differentiated by
// hand): the reference every AutoDiff gradient of P6 is checked against.

extension P6Oscillator {
    /// The force −k q − c p − a q³.
    @inline(__always)
    static func force(_ q: Double, _ p: Double, _ k: Double, _ c: Double, _ a: Double) -> Double {
        -(k * q + c * p + a * (q * q * q))
    }

    /// L after `steps` RK4 steps from z = (q0, p0, k, c, a).
    /// - Complexity: N steps, no allocation.
    public static func handValue(_ z: [Double], steps: Int) -> Double {
        let (k, c, a) = (z[2], z[3], z[4])
        let dt = 10 / Double(steps)
        var q = z[0], p = z[1]
        for _ in 0..<steps { (q, p) = step(q, p, k, c, a, dt) }
        return q * q + p * p
    }

    /// One RK4 step on plain values.
    @inline(__always)
    static func step(_ q: Double, _ p: Double, _ k: Double, _ c: Double, _ a: Double, _ dt: Double) -> (Double, Double) {
        let half = 0.5 * dt, sixth = dt / 6
        let a1 = p, b1 = force(q, p, k, c, a)
        let q2 = q + half * a1, p2 = p + half * b1
        let a2 = p2, b2 = force(q2, p2, k, c, a)
        let q3 = q + half * a2, p3 = p + half * b2
        let a3 = p3, b3 = force(q3, p3, k, c, a)
        let q4 = q + dt * a3, p4 = p + dt * b3
        let a4 = p4, b4 = force(q4, p4, k, c, a)
        return (q + sixth * (a1 + 2 * a2 + 2 * a3 + a4), p + sixth * (b1 + 2 * b2 + 2 * b3 + b4))
    }

    /// L and its gradient with respect to z = (q0, p0, k, c, a), by hand: a forward pass
    /// storing every state (2N values), then backwards over the steps, each step's four
    /// stages recomputed from its stored state and their adjoints propagated in reverse
    /// stage order. With g(q, p) = −k q − c p − a q³: ∂g/∂q = −k − 3 a q², ∂g/∂p = −c,
    /// ∂g/∂(k, c, a) = (−q, −p, −q³).
    /// - Complexity: 2 N steps' work; 16 N bytes of stored states.
    public static func handGradient(_ z: [Double], steps: Int) -> (value: Double, gradient: [Double]) {
        let (k, c, a) = (z[2], z[3], z[4])
        let dt = 10 / Double(steps), half = 0.5 * dt, sixth = dt / 6
        var states = [Double](repeating: 0, count: 2 * (steps + 1))
        states[0] = z[0]
        states[1] = z[1]
        for i in 0..<steps { (states[2 * i + 2], states[2 * i + 3]) = step(states[2 * i], states[2 * i + 1], k, c, a, dt) }
        let qN = states[2 * steps], pN = states[2 * steps + 1]
        var qBar = 2 * qN, pBar = 2 * pN // ∂L/∂(q_N, p_N)
        var kBar = 0.0, cBar = 0.0, strengthBar = 0.0 // ∂L/∂(k, c, a)
        for i in stride(from: steps - 1, through: 0, by: -1) {
            let q = states[2 * i], p = states[2 * i + 1]
            // The stages, recomputed.
            let b1 = force(q, p, k, c, a)
            let q2 = q + half * p, p2 = p + half * b1
            let b2 = force(q2, p2, k, c, a)
            let q3 = q + half * p2, p3 = p + half * b2
            let b3 = force(q3, p3, k, c, a)
            let q4 = q + dt * p3, p4 = p + dt * b3
            // s' = s + dt/6 (k1 + 2 k2 + 2 k3 + k4): the stage slopes' adjoints.
            var aBar1 = sixth * qBar, aBar2 = 2 * sixth * qBar, aBar3 = 2 * sixth * qBar
            let aBar4 = sixth * qBar
            var bBar1 = sixth * pBar, bBar2 = 2 * sixth * pBar, bBar3 = 2 * sixth * pBar
            let bBar4 = sixth * pBar
            var newQ = qBar, newP = pBar
            /// Stage (Q, P) with slopes (P, g(Q, P)) and slope adjoints (ā, b̄): the adjoint of (Q, P).
            func stage(_ Q: Double, _ P: Double, _ aBar: Double, _ bBar: Double) -> (Double, Double) {
                kBar -= bBar * Q
                cBar -= bBar * P
                strengthBar -= bBar * Q * Q * Q
                return (bBar * (-k - 3 * a * Q * Q), aBar - c * bBar)
            }
            // Stage 4 at (q + dt a3, p + dt b3).
            let (Q4, P4) = stage(q4, p4, aBar4, bBar4)
            newQ += Q4; newP += P4; aBar3 += dt * Q4; bBar3 += dt * P4
            // Stage 3 at (q + dt/2 a2, p + dt/2 b2).
            let (Q3, P3) = stage(q3, p3, aBar3, bBar3)
            newQ += Q3; newP += P3; aBar2 += half * Q3; bBar2 += half * P3
            // Stage 2 at (q + dt/2 a1, p + dt/2 b1).
            let (Q2, P2) = stage(q2, p2, aBar2, bBar2)
            newQ += Q2; newP += P2; aBar1 += half * Q2; bBar1 += half * P2
            // Stage 1 at (q, p).
            let (Q1, P1) = stage(q, p, aBar1, bBar1)
            newQ += Q1; newP += P1
            (qBar, pBar) = (newQ, newP)
        }
        return (qN * qN + pN * pN, [qBar, pBar, kBar, cBar, strengthBar])
    }
}
