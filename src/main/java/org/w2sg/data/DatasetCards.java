package org.w2sg.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds dataset cards: the built-in ones ({@code datasets/<name>.yaml}, shipped inside the jar) by name, or a user's
 * own card by its path.
 */
public final class DatasetCards {
    /** The cards in the project's {@code datasets/} folder. */
    public static final List<String> BUILT_IN = List.of("sst2", "boolq", "cosmos_qa", "anthropic_hh",
            "ethics_justice", "ethics_deontology", "ethics_virtue", "ethics_commonsense", "ethics_utilitarianism");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DatasetCards() {}

    /** A built-in card name ({@code sst2}) or the path of a card file ({@code my/data.yaml}). */
    public static DatasetCard load(String nameOrPath) {
        Path file = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) throw new DatasetException("dataset card " + file + " does not exist");
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            } catch (IOException e) {
                throw new DatasetException("dataset card " + file + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        try (InputStream in = DatasetCards.class.getResourceAsStream("/datasets/" + nameOrPath + ".yaml")) {
            if (in == null || !nameOrPath.matches("[A-Za-z0-9_.-]+")) {
                throw new DatasetException("unknown dataset '" + nameOrPath + "': use one of " + BUILT_IN
                        + " or the path of a dataset card (.yaml)");
            }
            return parse(in, "datasets/" + nameOrPath + ".yaml");
        } catch (IOException e) {
            throw new DatasetException("dataset card " + nameOrPath + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static DatasetCard parse(InputStream in, String origin) {
        try {
            DatasetCard card = YAML.readValue(in, DatasetCard.class);
            if (card == null) throw new DatasetException("dataset card " + origin + " is empty");
            return card.validate(origin);
        } catch (UnrecognizedPropertyException e) {
            throw new DatasetException("dataset card " + origin + ": unknown field '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (IOException e) {
            throw new DatasetException("dataset card " + origin + ": " + e.getMessage(), e);
        }
    }
}
