package org.w2sg.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset after formatting: the train pool (weak-train and transfer splits are drawn from it) and the test set,
 * which is empty when the card draws the test split from the train pool too.
 */
public record LabeledDataset(DatasetCard card, List<Example> trainPool, List<Example> testSet) {
    public LabeledDataset {
        trainPool = List.copyOf(trainPool);
        testSet = List.copyOf(testSet);
    }

    public String name() {
        return card.name();
    }

    public boolean testFromTrainPool() {
        return testSet.isEmpty();
    }

    /**
     * SHA-256 over every example's id, label and text: what an activation store entry was computed from. Changing
     * the card's template, label rule or data changes it; editing the card's prose does not.
     */
    public String contentSha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<Example> part : List.of(trainPool, testSet)) {
                for (Example e : part) {
                    md.update(e.id().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update((byte) e.label());
                    md.update(e.text().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
                md.update((byte) 1);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
