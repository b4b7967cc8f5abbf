package org.w2sg.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the splits: each class of the pool is shuffled by a generator seeded with the split seed (Fisher-Yates over
 * the file order, so the result is the same on every machine), then A, B and T take consecutive runs of each
 * class's shuffled list (undersampling the larger class to 50/50). With a separate test set, T comes from it instead.
 * T is drawn by a fixed generator, so it is the same for every split seed: seeds vary A and B only, and the seeds'
 * results differ by their splits, not by which test rows scored them (the statistics treat T's noise as shared).
 * Within a split, examples keep their file order.
 */
public final class Splitter {
    /** Seed of T's draw, the same for every split seed. */
    static final long TEST_SEED = 0x7E57L;

    private Splitter() {}

    public static Splits split(LabeledDataset data, SplitSizes sizes, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom fixed = new SplittableRandom(TEST_SEED);
        List<Example> a = new ArrayList<>();
        List<Example> b = new ArrayList<>();
        List<Example> t = new ArrayList<>();
        String poolName = describe(data.card().files().train());
        if (data.testFromTrainPool()) {
            ClassLists all = ClassLists.of(data.trainPool(), fixed.split(), fixed.split());
            all.require(sizes.total() / 2, data.name(), poolName, "weak-train + transfer + test",
                    "--n-weak/--n-transfer/--n-test");
            all.take(t, 0, sizes.test() / 2);
            java.util.Set<String> inT = new java.util.HashSet<>();
            for (Example e : t) inT.add(e.id());
            List<Example> rest = data.trainPool().stream().filter(e -> !inT.contains(e.id())).toList();
            ClassLists pool = ClassLists.of(rest, root.split(), root.split());
            pool.take(a, 0, sizes.weakTrain() / 2);
            pool.take(b, sizes.weakTrain() / 2, sizes.transfer() / 2);
        } else {
            ClassLists pool = ClassLists.of(data.trainPool(), root.split(), root.split());
            pool.require((sizes.weakTrain() + sizes.transfer()) / 2, data.name(), poolName, "weak-train + transfer",
                    "--n-weak/--n-transfer");
            pool.take(a, 0, sizes.weakTrain() / 2);
            pool.take(b, sizes.weakTrain() / 2, sizes.transfer() / 2);
            ClassLists test = ClassLists.of(data.testSet(), fixed.split(), fixed.split());
            test.require(sizes.test() / 2, data.name(), describe(data.card().files().test()), "test", "--n-test");
            test.take(t, 0, sizes.test() / 2);
        }
        return new Splits(data.name(), seed, sizes, fileOrder(a, data), fileOrder(b, data), fileOrder(t, data));
    }

    private static List<Example> fileOrder(List<Example> split, LabeledDataset data) {
        java.util.Map<String, Integer> order = new java.util.HashMap<>();
        int i = 0;
        for (Example e : data.trainPool()) order.put(e.id(), i++);
        for (Example e : data.testSet()) order.put(e.id(), i++);
        split.sort(Comparator.comparingInt(e -> order.get(e.id())));
        return split;
    }

    private static String describe(List<DatasetCard.DataFile> files) {
        return files.stream().map(DatasetCard.DataFile::path).toList().toString();
    }

    /** The examples of each label, each list shuffled by its own generator. */
    private record ClassLists(List<Example> negatives, List<Example> positives) {
        static ClassLists of(List<Example> all, SplittableRandom negRng, SplittableRandom posRng) {
            List<Example> neg = new ArrayList<>();
            List<Example> pos = new ArrayList<>();
            for (Example e : all) (e.label() == 1 ? pos : neg).add(e);
            shuffle(neg, negRng);
            shuffle(pos, posRng);
            return new ClassLists(neg, pos);
        }

        void require(int perClass, String dataset, String files, String what, String options) {
            if (perClass == 0) return;
            int total = negatives.size() + positives.size();
            if (negatives.isEmpty() || positives.isEmpty()) {
                throw new DatasetException("dataset '" + dataset + "': all " + total + " examples of " + files
                        + " have label " + (negatives.isEmpty() ? 1 : 0) + "; a single-class label set cannot be "
                        + "balanced: check the card's label rule");
            }
            int rarer = Math.min(negatives.size(), positives.size());
            if (rarer < perClass) {
                throw new DatasetException("dataset '" + dataset + "': " + files + " has " + negatives.size()
                        + " examples with label 0 and " + positives.size() + " with label 1; balanced " + what
                        + " splits need " + perClass + " of each class. Ask for at most " + 2 * rarer
                        + " examples in total there (" + options + " or --max-examples)");
            }
        }

        void take(List<Example> into, int from, int perClass) {
            into.addAll(negatives.subList(from, from + perClass));
            into.addAll(positives.subList(from, from + perClass));
        }

        private static void shuffle(List<Example> list, SplittableRandom rng) {
            for (int i = list.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Example tmp = list.get(i);
                list.set(i, list.get(j));
                list.set(j, tmp);
            }
        }
    }
}
