internal import AutoDiffKernels

extension MatrixMultiplication {
    /// An instruction-set variant of the matrix-product kernel. All are built into every
    /// binary (x86-64 ones only on x86-64); the CPU's feature bits, read once, say which run.
    public enum Variant: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Plain C vector code: 4×4 tiles on x86-64 (SSE2), 6×8 on arm64 (NEON). Runs everywhere.
        case portable
        /// x86-64 AVX2 + FMA: 6×8 tiles on 256-bit registers.
        case avx2
        /// x86-64 AVX-512F/DQ + FMA: 8×24 tiles on 512-bit registers (8×16 and 8×8 for narrow edges).
        case avx512

        /// Whether this CPU can run the variant.
        public var isSupported: Bool { Self.supportedCodes[Int(code)] }

        /// Whether each variant (by code) runs here, read once.
        private static let supportedCodes = (0..<Int32(ADK_VARIANT_COUNT)).map { adk_variant_is_supported($0) }

        /// The fastest variant this CPU supports (decided once per process).
        public static let fastest: Variant = Variant.allCases.last { $0.isSupported } ?? .portable

        /// The variants this CPU supports, slowest first.
        public static var supported: [Variant] { allCases.filter(\.isSupported) }

        /// The micro-tile: rows and (widest) columns of C each micro-kernel call computes.
        public var tile: (rows: Int, columns: Int) {
            (Int(adk_variant_tile_rows(code)), Int(adk_variant_tile_columns(code)))
        }

        /// The name and tile, e.g. `avx512 (8x24 tiles)`.
        public var description: String { "\(rawValue) (\(tile.rows)x\(tile.columns) tiles)" }

        /// The C library's code for the variant.
        var code: Int32 {
            switch self {
            case .portable: return Int32(ADK_VARIANT_PORTABLE.rawValue)
            case .avx2: return Int32(ADK_VARIANT_AVX2.rawValue)
            case .avx512: return Int32(ADK_VARIANT_AVX512.rawValue)
            }
        }

        /// Floating-point operations of one iteration of ``fmaLoop(iterations:)``.
        public var fmaLoopFlopsPerIteration: Int { adk_fma_loop_flops_per_iteration(code) }

        /// Runs a loop of independent fused multiply-adds on this variant's widest registers
        /// (12 accumulators: enough to hide the latency): timed, it measures one core's
        /// arithmetic peak. Returns a checksum so that the work cannot be optimised away.
        /// - Precondition: ``isSupported``.
        /// - Complexity: `iterations × fmaLoopFlopsPerIteration` floating-point operations.
        public func fmaLoop(iterations: Int) -> Double {
            precondition(isSupported, "the \(self) variant cannot run on this CPU")
            return adk_fma_loop(code, iterations)
        }
    }

    /// How a product is divided among threads: contiguous ranges of columns (each thread packs
    /// its own part of op(B)) or, when C is too narrow, of rows, cut at micro-tile boundaries.
    struct Split: Sendable {
        /// Whether the parts are ranges of columns (else rows).
        let byColumns: Bool
        /// Number of parts (1: no split).
        let parts: Int
        /// Length of the split dimension and of its unit (a micro-tile's columns or rows).
        let length: Int, unit: Int

        init(m: Int, n: Int, k: Int, threads: Int, variant: Variant) {
            let tile = variant.tile
            let columnUnits = (n + tile.columns - 1) / tile.columns
            let rowUnits = (m + tile.rows - 1) / tile.rows
            // Columns when each thread gets at least two panels; else rows.
            byColumns = columnUnits >= 2 * threads || columnUnits >= rowUnits
            length = byColumns ? n : m
            unit = byColumns ? tile.columns : tile.rows
            parts = Swift.max(1, Swift.min(threads, byColumns ? columnUnits : rowUnits))
        }

        /// The half-open range of the split dimension part `part` covers (units shared evenly).
        func range(_ part: Int) -> (start: Int, end: Int) {
            let units = (length + unit - 1) / unit
            let start = units * part / parts * unit
            let end = Swift.min(length, units * (part + 1) / parts * unit)
            return (start, end)
        }
    }
}
