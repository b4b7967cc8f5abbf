package org.w2sg.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class TokenAxisTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void labelsReadAsCounts() {
        assertEquals("1B", TokenAxis.label(9, 2));
        assertEquals("10M", TokenAxis.label(7, 2));
        assertEquals("3.2M", TokenAxis.label(6.5, 2));
        assertEquals("300B", TokenAxis.label(Math.log10(3e11), 2));
        assertEquals("1M", TokenAxis.label(Math.log10(999_999), 2), "rounded before the unit is chosen");
        assertEquals("1.2K", TokenAxis.label(Math.log10(1234), 2));
        assertEquals("1.23K", TokenAxis.label(Math.log10(1234), 3));
        assertEquals("500", TokenAxis.label(Math.log10(500), 2));
        assertEquals("0.1", TokenAxis.label(-1, 2));
        // two ends that read alike at two digits get a third, so XChart draws ticks at all
        assertEquals("1.04B", TokenAxis.formatter(9, Math.log10(1.04e9)).apply(Math.log10(1.04e9)));
    }

    /** Pythia's steps 1 .. 143000 in tokens: decade ticks labelled in counts, evenly spaced as on a log axis. */
    @Test
    void aDrawnTokenAxisIsLogarithmicWithReadableTicks() throws Exception {
        double[] tokens = {2_097_152, 4_194_304, 2.097e9, 2.097e10, 2.999e11};
        double[] y = {0.1, 0.2, 0.5, 0.7, 0.9};
        XYChart c = new XYChartBuilder().width(900).height(560).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.addSeries("pgr", tokens, y);
        TokenAxis.readable(c);
        BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        XTicks t = XTicks.of(c);
        assertTrue(t.labels().stream().noneMatch(l -> l.contains("E")), "no scientific notation: " + t.labels());
        double decade = t.at("1B") - t.at("100M");
        assertTrue(decade > 50, "decades apart on the page: " + t.labels() + " at " + t.locations());
        // a log axis: each decade the same width (a linear one would make 10B-100B ten times 1B-10B)
        assertEquals(decade, t.at("10B") - t.at("1B"), 2.0);
        assertEquals(decade, t.at("100M") - t.at("10M"), 2.0);
        // and the data sit at their log positions: the series' x is log10(tokens)
        assertEquals(Math.log10(2.097e9), c.getSeriesMap().get("pgr").getXData()[2], 1e-12);
        assertThrows(IllegalStateException.class, () -> TokenAxis.readable(c), "a second call would take log10 twice");
    }
}
