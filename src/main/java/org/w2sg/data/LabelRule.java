package org.w2sg.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Set;

/**
 * How a raw row becomes a binary label, and which extra template fields that sets. Random choices (the Burns et al.
 * coin flips) are drawn per example from the card's format seed and the example id, so they never depend on file
 * order, split seed or machine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "rule")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LabelRule.Column.class, name = "column"),
        @JsonSubTypes.Type(value = LabelRule.MultipleChoice.class, name = "multiple_choice"),
        @JsonSubTypes.Type(value = LabelRule.Preference.class, name = "preference"),
        @JsonSubTypes.Type(value = LabelRule.OrderedPair.class, name = "ordered_pair"),
})
public sealed interface LabelRule {
    Set<String> columnsRead();

    Set<String> fieldsAdded();

    /** label = 1 when the column's value is one of {@code positive}, 0 when one of {@code negative}. */
    record Column(String column, List<String> positive, List<String> negative) implements LabelRule {
        public Set<String> columnsRead() {
            return Set.of(column);
        }

        public Set<String> fieldsAdded() {
            return Set.of();
        }
    }

    /**
     * Multiple choice made binary (Burns et al., CosmosQA): with probability 1/2 the true answer is shown (label 1),
     * else a random different candidate (label 0); a true answer containing {@code none_of_the_above} is always
     * replaced (label 0). The shown answer is the template field {@code answer}.
     */
    record MultipleChoice(List<String> answers, String gold, String noneOfTheAbove) implements LabelRule {
        public Set<String> columnsRead() {
            java.util.LinkedHashSet<String> s = new java.util.LinkedHashSet<>(answers);
            s.add(gold);
            return s;
        }

        public Set<String> fieldsAdded() {
            return Set.of("answer");
        }
    }

    /**
     * A preference pair (Burns et al., Anthropic HH): with probability 1/2 the chosen response is shown (label 1),
     * else the rejected one (label 0); the shown text is the template field {@code response}.
     */
    record Preference(String chosen, String rejected) implements LabelRule {
        public Set<String> columnsRead() {
            return Set.of(chosen, rejected);
        }

        public Set<String> fieldsAdded() {
            return Set.of("response");
        }
    }

    /**
     * A pair whose first column is the better one (ETHICS utilitarianism): the two are shown in random order as
     * template fields {@code first} and {@code second}; label 1 iff {@code first} is the better one.
     */
    record OrderedPair(String better, String worse) implements LabelRule {
        public Set<String> columnsRead() {
            return Set.of(better, worse);
        }

        public Set<String> fieldsAdded() {
            return Set.of("first", "second");
        }
    }
}
