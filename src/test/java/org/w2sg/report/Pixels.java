package org.w2sg.report;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Reading a drawn figure back: how many pixels of a region have a colour. */
final class Pixels {
    private Pixels() {}

    interface ColourTest {
        boolean test(int rgb);
    }

    static ColourTest exactly(Color c) {
        return rgb -> (rgb & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF);
    }

    static ColourTest near(int r, int g, int b, int tolerance) {
        return rgb -> Math.abs(((rgb >> 16) & 0xFF) - r) <= tolerance && Math.abs(((rgb >> 8) & 0xFF) - g) <= tolerance
                && Math.abs((rgb & 0xFF) - b) <= tolerance;
    }

    static int count(BufferedImage img, int x0, int y0, int x1, int y1, ColourTest colour) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) if (colour.test(img.getRGB(x, y))) n++;
        return n;
    }
}
