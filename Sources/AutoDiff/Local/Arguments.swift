/// The k arguments of a small sub-function (a ``LocalFunction`` or a
/// ``CustomDerivativeRule``), held inline: at most ``capacity`` (8) values, no heap
/// allocation, so that a sub-function called once per term of a long sum costs no more
/// than its arithmetic.
///
/// ```swift
/// let x = Arguments(1.0, 2.0)     // x.count == 2, x[1] == 2
/// ```
@frozen
public struct Arguments<Element>: RandomAccessCollection, MutableCollection, CustomStringConvertible {
    /// The most arguments a sub-function can take: 8 (a tuple inline, and the widest
    /// chunk of forward mode that computes its partials in one pass).
    public static var capacity: Int { 8 }

    @usableFromInline var storage: (Element, Element, Element, Element, Element, Element, Element, Element)
    /// The number of arguments.
    public let count: Int

    /// `count` arguments, all `value`.
    /// - Precondition: 0 ≤ count ≤ 8.
    @inlinable @inline(__always)
    public init(repeating value: Element, count: Int) {
        precondition(count >= 0 && count <= 8, "a sub-function takes at most 8 arguments, got \(count)")
        storage = (value, value, value, value, value, value, value, value)
        self.count = count
    }

    /// One argument.
    @inlinable @inline(__always) public init(_ a: Element) { self.init(repeating: a, count: 1) }
    /// Two arguments.
    @inlinable @inline(__always) public init(_ a: Element, _ b: Element) {
        self.init(repeating: a, count: 2)
        self[1] = b
    }
    /// Three arguments.
    @inlinable @inline(__always) public init(_ a: Element, _ b: Element, _ c: Element) {
        self.init(repeating: a, count: 3)
        self[1] = b
        self[2] = c
    }
    /// Four arguments.
    @inlinable public init(_ a: Element, _ b: Element, _ c: Element, _ d: Element) {
        self.init(repeating: a, count: 4)
        self[1] = b
        self[2] = c
        self[3] = d
    }

    /// The arguments `values` (at most 8).
    @inlinable
    public init(contentsOf values: some Collection<Element>) {
        guard let first = values.first else {
            preconditionFailure("a sub-function takes at least one argument")
        }
        self.init(repeating: first, count: values.count)
        for (i, v) in values.enumerated() { self[i] = v }
    }

    /// `transform` applied to each argument.
    @inlinable @inline(__always)
    public func map<U>(_ transform: (Element) throws -> U) rethrows -> Arguments<U> {
        var result = Arguments<U>(repeating: try transform(self[0]), count: count)
        for i in 1..<Swift.max(count, 1) { result[i] = try transform(self[i]) }
        return result
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    /// The `i`th argument.
    @inlinable
    public subscript(i: Int) -> Element {
        @inline(__always)
        get {
            precondition(i >= 0 && i < count, "argument \(i) of \(count)")
            // A switch over the tuple's fields: no copy of the tuple to take its address
            // (a constant index folds to one field).
            switch i {
            case 0: return storage.0
            case 1: return storage.1
            case 2: return storage.2
            case 3: return storage.3
            case 4: return storage.4
            case 5: return storage.5
            case 6: return storage.6
            default: return storage.7
            }
        }
        @inline(__always)
        set {
            precondition(i >= 0 && i < count, "argument \(i) of \(count)")
            switch i {
            case 0: storage.0 = newValue
            case 1: storage.1 = newValue
            case 2: storage.2 = newValue
            case 3: storage.3 = newValue
            case 4: storage.4 = newValue
            case 5: storage.5 = newValue
            case 6: storage.6 = newValue
            default: storage.7 = newValue
            }
        }
    }

    /// `[a, b, …]`.
    public var description: String { "[" + map { "\($0)" }.joined(separator: ", ") + "]" }
}

extension Arguments: Equatable where Element: Equatable {
    /// Equal counts and arguments.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }
}
