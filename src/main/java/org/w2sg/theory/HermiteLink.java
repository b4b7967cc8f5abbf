package org.w2sg.theory;

import java.util.Locale;
import org.w2sg.errors.UserException;

/**
 * The link of the single-index model: a probabilists' Hermite polynomial He_k. Its degree k is the information
 * exponent (for unit-variance inputs), which sets how hard the direction is to find from a random start.
 */
public enum HermiteLink {
    HE1(1), HE2(2), HE3(3), HE4(4);

    private final int degree;

    HermiteLink(int degree) {
        this.degree = degree;
    }

    public int degree() {
        return degree;
    }

    /** Odd links see the sign of the direction, so a spectral start needs its sign fixed; even links do not. */
    public boolean isOdd() {
        return degree % 2 == 1;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double value(double z) {
        return he(degree, z);
    }

    /** He_k' = k He_{k-1}. */
    public double derivative(double z) {
        return degree * he(degree - 1, z);
    }

    static double he(int k, double z) {
        double z2 = z * z;
        return switch (k) {
            case 0 -> 1.0;
            case 1 -> z;
            case 2 -> z2 - 1.0;
            case 3 -> z * (z2 - 3.0);
            case 4 -> z2 * (z2 - 6.0) + 3.0;
            default -> throw new IllegalArgumentException("no Hermite polynomial of degree " + k + " here");
        };
    }

    public static HermiteLink parse(String text) {
        for (HermiteLink link : values()) {
            if (link.id().equalsIgnoreCase(text.strip())) return link;
        }
        throw new UserException("--link: unknown link '" + text + "'; choose one of he1, he2, he3, he4");
    }
}
