package org.w2sg.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Turns raw rows into {@code (text, label)} by the card's transforms, label rule and template. */
final class ExampleFormatter {
    private final DatasetCard card;

    ExampleFormatter(DatasetCard card) {
        this.card = card;
    }

    Example format(Row row) {
        Map<String, String> fields = new LinkedHashMap<>(row.values());
        for (DatasetCard.Transform t : card.transforms()) {
            String v = fields.get(t.column());
            fields.put(t.column(), switch (t.op()) {
                case "strip" -> v.strip();
                case "drop_through" -> {
                    int at = v.indexOf(t.separator());
                    yield at < 0 ? v : v.substring(at + t.separator().length());
                }
                default -> throw new IllegalStateException("unknown transform " + t.op());
            });
        }
        int label = switch (card.label()) {
            case LabelRule.Column c -> columnLabel(c, fields.get(c.column()), row);
            case LabelRule.MultipleChoice mc -> multipleChoice(mc, fields, row, rng(row));
            case LabelRule.Preference p -> {
                SplittableRandom rng = rng(row);
                int l = rng.nextDouble() < 0.5 ? 1 : 0;
                fields.put("response", l == 1 ? fields.get(p.chosen()) : fields.get(p.rejected()));
                yield l;
            }
            case LabelRule.OrderedPair p -> {
                SplittableRandom rng = rng(row);
                int l = rng.nextDouble() < 0.5 ? 1 : 0;
                fields.put("first", l == 1 ? fields.get(p.better()) : fields.get(p.worse()));
                fields.put("second", l == 1 ? fields.get(p.worse()) : fields.get(p.better()));
                yield l;
            }
        };
        String text = Template.render(card.template(), fields);
        if (text.isBlank()) throw new DatasetException(row.where() + ": the formatted text is empty");
        return new Example(row.id(), text, label);
    }

    /** One generator per example, keyed by its id: the same coin flips whatever the file order or split seed. */
    private SplittableRandom rng(Row row) {
        return new SplittableRandom(StableHash.of(card.formatSeed(), row.id()));
    }

    private static int columnLabel(LabelRule.Column rule, String value, Row row) {
        String v = value.strip();
        if (rule.positive().contains(v)) return 1;
        if (rule.negative().contains(v)) return 0;
        throw new DatasetException(row.where() + ": label '" + value + "' in column '" + rule.column()
                + "' is neither positive " + rule.positive() + " nor negative " + rule.negative());
    }

    /** Burns et al.'s format_cosmosqa, with the coin and the wrong answer drawn from the example's own generator. */
    private static int multipleChoice(LabelRule.MultipleChoice rule, Map<String, String> fields, Row row,
                                      SplittableRandom rng) {
        String goldText = fields.get(rule.gold()).strip();
        int gold;
        try {
            gold = Integer.parseInt(goldText);
        } catch (NumberFormatException e) {
            throw new DatasetException(row.where() + ": gold answer index '" + goldText + "' in column '"
                    + rule.gold() + "' is not a number");
        }
        if (gold < 0 || gold >= rule.answers().size()) {
            throw new DatasetException(row.where() + ": gold answer index " + gold + " is outside 0.."
                    + (rule.answers().size() - 1));
        }
        String truth = fields.get(rule.answers().get(gold));
        int label = rule.noneOfTheAbove() != null && truth.contains(rule.noneOfTheAbove()) ? 0
                : rng.nextDouble() < 0.5 ? 1 : 0;
        String shown = truth;
        if (label == 0) {
            List<String> wrong = new ArrayList<>();
            for (String col : rule.answers()) {
                if (!fields.get(col).equals(truth)) wrong.add(fields.get(col));
            }
            if (wrong.isEmpty()) throw new DatasetException(row.where() + ": every candidate answer equals the true one");
            shown = wrong.get(rng.nextInt(wrong.size()));
        }
        fields.put("answer", shown);
        return label;
    }
}
