package org.w2sg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * A unit's per-row correctness on the test set T: for the weak supervisor, the ceiling probe and the w2s probe, which
 * rows each got right, as bitsets (856 rows: 3 x 107 bytes, 3 x 144 characters of base64 in the ledger line). T is
 * the same rows in the same order for every seed, so the statistics can resample rows jointly across seeds and steps;
 * {@code ids} (a hash of T's example ids in order) lets them check that before they do.
 *
 * @param ids  first 16 hex digits of SHA-256 over T's example ids in order
 * @param rows number of test rows
 */
public record TestRows(String ids, int rows, BitSet weak, BitSet ceiling, BitSet w2s) {
    public TestRows {
        if (rows < 0) throw new IllegalArgumentException("test rows: " + rows);
        for (BitSet b : List.of(weak, ceiling, w2s)) {
            if (b.length() > rows) throw new IllegalArgumentException("test rows: a bit beyond row " + rows);
        }
    }

    /** From the three probes' correctness on T, in T's order. */
    public static TestRows of(List<String> testIds, boolean[] weak, boolean[] ceiling, boolean[] w2s) {
        int n = testIds.size();
        if (weak.length != n || ceiling.length != n || w2s.length != n) {
            throw new IllegalArgumentException("test rows: " + n + " ids but " + weak.length + "/" + ceiling.length
                    + "/" + w2s.length + " correctness values");
        }
        return new TestRows(hash(testIds), n, bits(weak), bits(ceiling), bits(w2s));
    }

    /** Correctness of probe k (0 weak, 1 ceiling, 2 w2s) as booleans. */
    public boolean[] correct(int k) {
        BitSet b = k == 0 ? weak : k == 1 ? ceiling : w2s;
        boolean[] out = new boolean[rows];
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) out[i] = true;
        return out;
    }

    static String hash(List<String> ids) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                md.update(id.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BitSet bits(boolean[] c) {
        BitSet b = new BitSet(c.length);
        for (int i = 0; i < c.length; i++) if (c[i]) b.set(i);
        return b;
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("ids", ids);
        o.put("n", rows);
        Base64.Encoder enc = Base64.getEncoder();
        o.put("weak", enc.encodeToString(weak.toByteArray()));
        o.put("ceiling", enc.encodeToString(ceiling.toByteArray()));
        o.put("w2s", enc.encodeToString(w2s.toByteArray()));
        return o;
    }

    static TestRows fromJson(JsonNode o) {
        Base64.Decoder dec = Base64.getDecoder();
        return new TestRows(o.get("ids").asText(), o.get("n").asInt(),
                BitSet.valueOf(dec.decode(o.get("weak").asText())), BitSet.valueOf(dec.decode(o.get("ceiling").asText())),
                BitSet.valueOf(dec.decode(o.get("w2s").asText())));
    }
}
