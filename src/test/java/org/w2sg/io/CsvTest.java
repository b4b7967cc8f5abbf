package org.w2sg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tables' number format: 8 significant digits, shortest form, no float noise, deterministic. */
class CsvTest {
    @Test
    void floatNoiseIsRoundedAwayAndTheShortestFormIsWritten() {
        assertEquals("0.7", Csv.num(0.6999999999999998));
        assertEquals("0.3", Csv.num(0.1 + 0.2)); // 0.30000000000000004
        assertEquals("0.8125", Csv.num(0.8125));
        assertEquals("0.5", Csv.num(0.5));
        assertEquals("100", Csv.num(100.0));
        assertEquals("0", Csv.num(0.0));
        assertEquals("0", Csv.num(-0.0));
        assertEquals("-0.025", Csv.num(0.775 - 0.8)); // -0.025000000000000022
        assertEquals("0.73333333", Csv.num(2.2 / 3));
        assertEquals("0.66666667", Csv.num(2.0 / 3)); // rounded, not cut
        assertEquals("12345679", Csv.num(12345678.9));
        assertEquals("0.0001", Csv.num(1e-4));
        assertEquals("0.00000012345679", Csv.num(1.23456789e-7));
        assertEquals("1.2345679E-8", Csv.num(1.23456789e-8));
        assertEquals("1.5E+12", Csv.num(1.5e12));
        assertEquals("", Csv.num(null));
        assertEquals("", Csv.num(Double.NaN));
        assertEquals("", Csv.num(Double.POSITIVE_INFINITY));
    }

    @Test
    void theWrittenNumberIsWithinHalfAUnitOfTheEighthDigit() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-9, 13));
            double back = Double.parseDouble(Csv.num(v));
            double unit = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 7);
            assertEquals(v, back, 0.5 * unit * (1 + 1e-9), Csv.num(v) + " for " + v);
            assertEquals(Csv.num(v), Csv.num(back), "idempotent");
        }
    }
}
