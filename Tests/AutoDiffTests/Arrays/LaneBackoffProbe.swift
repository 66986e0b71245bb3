@testable import AutoDiff

/// Drives the elementwise bridge's `LaneBackoff` as its loop does: one attempt, its
/// outcome, then the groups it skips before it tries lanes again.
struct LaneBackoffProbe {
    private var backoff = LaneBackoff()

    /// A failed attempt; returns how many groups then go entry by entry.
    mutating func failAndCountSkips() -> Int { attempt(failing: true) }

    /// A successful attempt; returns how many groups then go entry by entry.
    mutating func succeedAndCountSkips() -> Int { attempt(failing: false) }

    private mutating func attempt(failing: Bool) -> Int {
        precondition(backoff.tryLanes(), "an attempt while groups are still being skipped")
        backoff.record(fellBack: failing)
        var skipped = 0
        while !backoff.tryLanes() { skipped += 1 }
        return skipped
    }
}
