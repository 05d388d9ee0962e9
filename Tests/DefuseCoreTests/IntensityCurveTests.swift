import DefuseCore
import Testing

@Suite struct IntensityCurveTests {
    @Test func peakFinalAndBothForms() {
        let curve = IntensityCurve([2, 4, nil, 5, 1, 0])
        #expect(curve.peak?.value == 5 && curve.peak?.step == 3)
        #expect(curve.final == 0)
        #expect(curve.sparkline == "▃▆·█▂▁")
        #expect(curve.digits == "24-510")
        #expect(!curve.isEmpty)
    }

    @Test func theFirstStepAtThePeakIsThePeak() {
        #expect(IntensityCurve([3, 5, 2, 5]).peak?.step == 1)
    }

    @Test func aWalkWithoutIntensityHasNoCurve() {
        let curve = IntensityCurve([nil, nil])
        #expect(curve.isEmpty && curve.peak == nil && curve.final == nil)
        #expect(curve.digits == "--")
        #expect(IntensityCurve([]).isEmpty)
    }
}
