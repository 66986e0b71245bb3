extension Tape {
    /// Empties the tape for a new recording, keeping its memory and budget: a
    /// checkpointed gradient records step after step on one tape, so its pages stay warm
    /// and its size is the largest single recording, never their sum. Variables of the
    /// previous recording must not be used afterwards.
    /// - Complexity: O(1) (the recorded comparisons keep their capacity).
    @inlinable
    func removeAll() {
        storage.pointee.count = 0
        storage.pointee.secondPartialCount = 0
        storage.pointee.constantCount = 0
        storage.pointee.comparisons.removeAll(keepingCapacity: true)
        storage.pointee.exceededBudget = false
        storage.pointee.localGroupCount = 0
        storage.pointee.localRules.removeAll(keepingCapacity: true)
    }
}
