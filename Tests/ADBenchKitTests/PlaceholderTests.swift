import Testing
@testable import ADBenchKit
@Test func placeholder() { #expect(Bool(true)) }
