/// What a tape entry computed: one byte per entry, for printing and diagnostics.
///
/// Operations with a constant on one side have their own cases: the constant is not an
/// entry of its own but is kept inside the entry (see `TapeStorage`), so that a
/// recording can be replayed at another point. Everything else the library knows about
/// an operation (its operands, whether its partials change with the point, where its
/// constant lives, what it does to sparsity) is its row of one table,
/// `properties`, which the tape, both replays and the sparsity tracers read.
public enum Operation: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case input
    case add, subtract, multiply, divide, negate
    case addConstant, subtractConstant, subtractFromConstant
    case multiplyByConstant, divideByConstant, divideConstantBy
    case exp, expMinusOne, log, logOnePlus, sqrt, pow, powInt
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, atan2, hypot
    case sigmoid, softplus, square
    case powConstantExponent, powConstantBase, atan2ConstantX, atan2ConstantY, hypotConstant
    /// Local partials computed outside the tape (a ``LocalFunction`` preaccumulated, a
    /// ``CustomDerivativeRule``): one recorded argument.
    case localPartial
    /// Local partials computed outside the tape, two recorded arguments or, as a link of
    /// a chain, the chain so far (partial 1) and one more argument (see
    /// `TapeStorage.appendLocal`).
    case localPartials

    /// The operation's name as written in Swift source (`x + c` for constants).
    public var description: String { properties.name.description }

    /// The table of operations, one row each (``OperationProperties``): its name, its
    /// operands, its structure (linear or not, and how), where its constant lives, and for
    /// a binary operation the operations that stand for it with a constant operand.
    /// A `switch`, so a new case without its row does not compile; for a literal
    /// operation every query folds to a constant, for a variable one it is a table load.
    @inlinable @inline(__always)
    var properties: OperationProperties {
        switch self {
        case .input: .input
        case .add: .binary("x + y", .linear, withConstant: (left: .addConstant, right: .addConstant))
        case .subtract: .binary("x - y", .linear, withConstant: (left: .subtractFromConstant, right: .subtractConstant))
        case .multiply: .binary("x * y", .product, withConstant: (left: .multiplyByConstant, right: .multiplyByConstant))
        case .divide: .binary("x / y", .quotient, withConstant: (left: .divideConstantBy, right: .divideByConstant))
        case .negate: .unary("-x", .linear)
        case .addConstant: .unary("x + c", .linear, constant: .kept)
        case .subtractConstant: .unary("x - c", .linear, constant: .kept)
        case .subtractFromConstant: .unary("c - x", .linear, constant: .kept)
        case .multiplyByConstant: .unary("c * x", .linear, constant: .isThePartial)
        case .divideByConstant: .unary("x / c", .linear, constant: .kept)
        case .divideConstantBy: .unary("c / x", .nonlinear, constant: .kept)
        case .exp: .unary("exp", .nonlinear)
        case .expMinusOne: .unary("expMinusOne", .nonlinear)
        case .log: .unary("log", .nonlinear)
        case .logOnePlus: .unary("log(onePlus:)", .nonlinear)
        case .sqrt: .unary("sqrt", .nonlinear)
        case .pow: .binary("pow", .nonlinear, withConstant: (left: .powConstantBase, right: .powConstantExponent))
        case .powInt: .unary("pow(_:Int)", .nonlinear, constant: .kept)
        case .sin: .unary("sin", .nonlinear)
        case .cos: .unary("cos", .nonlinear)
        case .tan: .unary("tan", .nonlinear)
        case .asin: .unary("asin", .nonlinear)
        case .acos: .unary("acos", .nonlinear)
        case .atan: .unary("atan", .nonlinear)
        case .sinh: .unary("sinh", .nonlinear)
        case .cosh: .unary("cosh", .nonlinear)
        case .tanh: .unary("tanh", .nonlinear)
        case .atan2: .binary("atan2", .nonlinear, withConstant: (left: .atan2ConstantY, right: .atan2ConstantX))
        case .hypot: .binary("hypot", .nonlinear, withConstant: (left: .hypotConstant, right: .hypotConstant))
        case .sigmoid: .unary("sigmoid", .nonlinear)
        case .softplus: .unary("softplus", .nonlinear)
        case .square: .unary("square", .nonlinear)
        case .powConstantExponent: .unary("pow(x, c)", .nonlinear, constant: .kept)
        case .powConstantBase: .unary("pow(c, x)", .nonlinear, constant: .kept)
        case .atan2ConstantX: .unary("atan2(y: x, x: c)", .nonlinear, constant: .kept)
        case .atan2ConstantY: .unary("atan2(y: c, x: x)", .nonlinear, constant: .kept)
        case .hypotConstant: .unary("hypot(x, c)", .nonlinear, constant: .kept)
        case .localPartial: .unary("local(x)", .local)
        case .localPartials: .local("local(x, y)")
        }
    }

    /// The operation that stands for `self` (binary) when one operand is a constant:
    /// `onLeft` tells which side the constant was on. Unary operations stand for
    /// themselves.
    @inlinable
    func withConstant(onLeft: Bool) -> Operation {
        guard let forms = properties.withConstant else { return self }
        return onLeft ? forms.left : forms.right
    }

    /// Calls `visitor.visit` with `self` as a literal: one jump to `self`'s case, where
    /// the visit is inlined and specialised for the operation (its ``properties`` and its
    /// rule in ``LocalRules`` fold). How the replays dispatch without a list of their own.
    @inline(__always)
    func visit<Visitor: OperationVisitor>(with visitor: inout Visitor) -> Visitor.Result {
        switch self {
        case .input: visitor.visit(.input)
        case .add: visitor.visit(.add)
        case .subtract: visitor.visit(.subtract)
        case .multiply: visitor.visit(.multiply)
        case .divide: visitor.visit(.divide)
        case .negate: visitor.visit(.negate)
        case .addConstant: visitor.visit(.addConstant)
        case .subtractConstant: visitor.visit(.subtractConstant)
        case .subtractFromConstant: visitor.visit(.subtractFromConstant)
        case .multiplyByConstant: visitor.visit(.multiplyByConstant)
        case .divideByConstant: visitor.visit(.divideByConstant)
        case .divideConstantBy: visitor.visit(.divideConstantBy)
        case .exp: visitor.visit(.exp)
        case .expMinusOne: visitor.visit(.expMinusOne)
        case .log: visitor.visit(.log)
        case .logOnePlus: visitor.visit(.logOnePlus)
        case .sqrt: visitor.visit(.sqrt)
        case .pow: visitor.visit(.pow)
        case .powInt: visitor.visit(.powInt)
        case .sin: visitor.visit(.sin)
        case .cos: visitor.visit(.cos)
        case .tan: visitor.visit(.tan)
        case .asin: visitor.visit(.asin)
        case .acos: visitor.visit(.acos)
        case .atan: visitor.visit(.atan)
        case .sinh: visitor.visit(.sinh)
        case .cosh: visitor.visit(.cosh)
        case .tanh: visitor.visit(.tanh)
        case .atan2: visitor.visit(.atan2)
        case .hypot: visitor.visit(.hypot)
        case .sigmoid: visitor.visit(.sigmoid)
        case .softplus: visitor.visit(.softplus)
        case .square: visitor.visit(.square)
        case .powConstantExponent: visitor.visit(.powConstantExponent)
        case .powConstantBase: visitor.visit(.powConstantBase)
        case .atan2ConstantX: visitor.visit(.atan2ConstantX)
        case .atan2ConstantY: visitor.visit(.atan2ConstantY)
        case .hypotConstant: visitor.visit(.hypotConstant)
        case .localPartial: visitor.visit(.localPartial)
        case .localPartials: visitor.visit(.localPartials)
        }
    }
}

/// What ``Operation/visit(with:)`` calls with a literal operation: the step of an
/// interpreter (a replay) for one entry or one run of entries.
protocol OperationVisitor {
    associatedtype Result
    /// Does the step for `operation`; called with a literal, so mark it
    /// `@inline(__always)` for the operation's code to fold.
    mutating func visit(_ operation: Operation) -> Result
}

/// One row of the operation table (`Operation.properties`): what an entry of the
/// operation holds and how the rest of the library treats it.
@usableFromInline
struct OperationProperties {
    /// How many recorded operands an entry has.
    @usableFromInline
    enum Arity: UInt8 {
        /// An input: no operand.
        case none
        /// One operand (and maybe a constant).
        case unary
        /// Two operands.
        case binary
    }

    /// What the operation is as a function of its operands: whether its partials change
    /// with the point, and what sparsity detection adds for it.
    @usableFromInline
    enum Structure: UInt8 {
        /// Affine (`±`, negation, scaling by a constant): partials the same at every
        /// point (a replay keeps the recorded ones); no second derivative.
        case linear
        /// `x · y`: second derivative only across the operands (∂²/∂x∂y).
        case product
        /// `x / y`: linear in x, nonlinear in y.
        case quotient
        /// Every other function: second derivatives within and across all operands.
        case nonlinear
        /// A sub-function whose local partials were computed outside the tape, by forward
        /// mode over a ``LocalFunction`` or by a ``CustomDerivativeRule``: nonlinear in
        /// all its arguments (structurally dense); no rule in ``LocalRules``: a replay
        /// re-evaluates the sub-function through the recording's stored rule and writes
        /// the whole group of entries at once.
        case local
    }

    /// Where the constant operand of an entry is.
    @usableFromInline
    enum Constant: UInt8 {
        /// The operation has none.
        case none
        /// Appended to the tape's constants (`x + c`, `c / x`, `pow(x, n)`, …), for replay.
        case kept
        /// It is the entry's partial (`c · x`), so nothing more is kept.
        case isThePartial
    }

    /// The operation as written in Swift source.
    @usableFromInline let name: StaticString
    @usableFromInline let arity: Arity
    @usableFromInline let structure: Structure
    @usableFromInline let constant: Constant
    /// For a binary operation: the operations that stand for it when the left or the
    /// right operand is a constant (nil for the others).
    @usableFromInline let withConstant: (left: Operation, right: Operation)?

    @inlinable
    init(
        _ name: StaticString, _ arity: Arity, _ structure: Structure, _ constant: Constant,
        withConstant: (left: Operation, right: Operation)?
    ) {
        self.name = name
        self.arity = arity
        self.structure = structure
        self.constant = constant
        self.withConstant = withConstant
    }

    /// The input row: no operand, a partial of 0 that never changes.
    @inlinable static var input: Self { Self("input", .none, .linear, .none, withConstant: nil) }

    /// A one-operand row.
    @inlinable
    static func unary(_ name: StaticString, _ structure: Structure, constant: Constant = .none) -> Self {
        Self(name, .unary, structure, constant, withConstant: nil)
    }

    /// A two-operand row, with its forms for a constant operand.
    @inlinable
    static func binary(
        _ name: StaticString, _ structure: Structure,
        withConstant forms: (left: Operation, right: Operation)
    ) -> Self {
        Self(name, .binary, structure, .none, withConstant: forms)
    }

    /// A two-operand row of local partials (no constant forms: its operands are all
    /// recorded).
    @inlinable
    static func local(_ name: StaticString) -> Self {
        Self(name, .binary, .local, .none, withConstant: nil)
    }

    /// Whether the entry's partials come from outside the tape (``Structure/local``).
    @inlinable var isLocal: Bool { structure == .local }

    /// Whether the entry's partials are the same at every point, so that a replay
    /// rewrites none of them: the linear operations (and inputs). Not to be confused with
    /// ``keepsConstant``, which is about an operand.
    @inlinable var partialsAreConstant: Bool { structure == .linear }

    /// Whether an entry keeps a constant operand in the tape's constants (for replay).
    @inlinable var keepsConstant: Bool { constant == .kept }
}
