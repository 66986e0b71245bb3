@testable import AutoDiff
import Testing

// `broadcasts(_:to:)` answers `broadcastShape(shape, target) == target` without building a
// shape: the two must agree on every pair, including longer shapes, ones on either side and
// empty shapes.
@Test func broadcastsAgreesWithTheBroadcastShape() {
    let shapes: [[Int]] = [[], [1], [3], [1, 3], [3, 1], [2, 3], [1, 1, 3], [2, 1, 3], [2, 4, 3], [4, 3], [3, 3], [0], [1, 0]]
    for shape in shapes {
        for target in shapes {
            #expect(broadcasts(shape, to: target) == (broadcastShape(shape, target) == target), "\(shape) to \(target)")
        }
    }
}
