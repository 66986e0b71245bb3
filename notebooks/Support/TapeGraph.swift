// Drawing a recording: every tape entry as a node (named ones with their value), every
// parent link as an edge labelled with the local partial derivative stored on the tape,
// and the adjoint of each node from a reverse sweep. Output: a mermaid flowchart, which
// GitHub draws.
import AutoDiff

/// A mermaid flowchart of `tape`: node i is entry i; a node shows the names given to it in
/// `named` (two names on one entry mean one value was handed on unchanged, as `max`
/// does), its value, and `∂output/∂node` from `adjoints`; an edge parent → child carries
/// the local partial `∂child/∂parent`. Entries without a name show their operation
/// and adjoint.
public func mermaidGraph(
    of tape: Tape<Double>, named: [(String, Tracked<Double>)], adjoints: Adjoints<Double>,
    output: String = "f"
) -> String {
    var names: [Int: [String]] = [:]
    var values: [Int: Double] = [:]
    for (name, v) in named {
        guard let i = v.entryIndex, tape.contains(v) else { continue }
        names[i, default: []].append(name)
        values[i] = v.value
    }
    var out = "graph LR\n"
    for i in 0..<tape.count {
        let e = tape.entry(at: i)
        let label: String
        if let n = names[i], let v = values[i] {
            label = n.joined(separator: " = ") + " = " + fmt(v) + "<br/>∂\(output)/∂\(n[0]) = " + fmt(adjoints.values[i])
        } else {
            label = symbol(e.operation) + "<br/>adjoint " + fmt(adjoints.values[i])
        }
        out += "    n\(i)[\"\(label)\"]\n"
    }
    for i in 0..<tape.count {
        let e = tape.entry(at: i)
        for (p, partial) in zip(e.parents, e.partials) {
            out += "    n\(p) -->|\"\(fmt(partial))\"| n\(i)\n"
        }
    }
    let inputs = (0..<tape.count).filter { tape.entry(at: $0).operation == .input }
    if !inputs.isEmpty {
        out += "    classDef input fill:#e8f0fe,stroke:#4a6fa5\n"
        out += "    class " + inputs.map { "n\($0)" }.joined(separator: ",") + " input\n"
    }
    return out
}

/// A short label for an operation in a diagram (`c` is a constant operand).
func symbol(_ op: Operation) -> String {
    switch op {
    case .add: "x + y"
    case .subtract: "x − y"
    case .multiply: "x · y"
    case .divide: "x / y"
    case .negate: "−x"
    case .addConstant: "x + c"
    case .multiplyByConstant: "c · x"
    case .divideConstantBy: "c / x"
    default: "\(op)"
    }
}
