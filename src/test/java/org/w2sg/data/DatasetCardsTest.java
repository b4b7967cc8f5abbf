package org.w2sg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.w2sg.io.SharedDir;

/** Every built-in card against the real files in shared/data: row counts, label rules, Burns et al. formatting. */
class DatasetCardsTest {
    private static final DatasetLoader LOADER = new DatasetLoader(SharedDir.data());

    @Test
    void everyCardInTheFolderIsBuiltInAndLoadsWithTheRowCountsItStates() throws Exception {
        List<String> files;
        try (var s = Files.list(Path.of("datasets"))) {
            files = s.map(p -> p.getFileName().toString().replace(".yaml", "")).sorted().toList();
        }
        assertEquals(DatasetCards.BUILT_IN.stream().sorted().toList(), files);
        for (String name : DatasetCards.BUILT_IN) {
            LabeledDataset d = LOADER.load(name);
            assertEquals(name, d.name());
            long trainRows = d.card().files().train().stream().mapToLong(DatasetCard.DataFile::rows).sum();
            long testRows = d.card().files().test().stream().mapToLong(DatasetCard.DataFile::rows).sum();
            assertEquals(trainRows, d.trainPool().size(), name + " train rows");
            assertEquals(testRows, d.testSet().size(), name + " test rows");
            assertTrue(d.card().licence() != null && !d.card().licence().isBlank(), name + " licence");
            for (DatasetCard.DataFile f : d.card().files().train()) assertTrue(f.url().startsWith("https://"), name);
        }
    }

    @Test
    void sst2LabelsAndTextsMatchTheTsv() {
        LabeledDataset d = LOADER.load("sst2");
        // counts from shared/data/sst2/README.md
        assertEquals(33828, d.trainPool().stream().filter(e -> e.label() == 1).count());
        assertEquals(26786, d.trainPool().stream().filter(e -> e.label() == 0).count());
        assertEquals(444, d.testSet().stream().filter(e -> e.label() == 1).count());
        // first data row of train.tsv is "when are bears bears and \t1": text stripped of its trailing space
        assertEquals(new Example("sst2/train.tsv:0", "when are bears bears and", 1), d.trainPool().get(0));
    }

    @Test
    void boolqStripsTheTitleAndUsesBurnsTemplate() throws Exception {
        LabeledDataset d = LOADER.load("boolq");
        List<CSVRecord> rows = csv(SharedDir.data().resolve("boolq/boolq_validation.csv"));
        assertEquals(rows.size(), d.trainPool().size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            String passage = r.get("passage");
            String expected = "Passage: " + passage.substring(passage.indexOf(" -- ") + 4) + "\nQuestion: " + r.get("question");
            assertEquals(expected, d.trainPool().get(i).text());
            assertEquals(Integer.parseInt(r.get("label")), d.trainPool().get(i).label());
        }
        assertTrue(d.trainPool().get(0).text().startsWith("Passage: All biomass goes through"));
        assertEquals(2033, d.trainPool().stream().filter(e -> e.label() == 1).count());
    }

    @Test
    void cosmosQaShowsTheTrueAnswerIffLabelOneAndNoneOfTheAboveIsAlwaysZero() throws Exception {
        LabeledDataset d = LOADER.load("cosmos_qa");
        List<CSVRecord> rows = csv(SharedDir.data().resolve("cosmos_qa/valid.csv"));
        int nota = 0;
        int ones = 0;
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            String truth = r.get("answer" + r.get("label"));
            Example e = d.trainPool().get(i);
            String prefix = "Context: " + r.get("context") + "\nQuestion: " + r.get("question") + "\nAnswer: ";
            assertTrue(e.text().startsWith(prefix), e.id());
            String shown = e.text().substring(prefix.length());
            if (truth.contains("None of the above choices .")) {
                nota++;
                assertEquals(0, e.label(), e.id());
            }
            if (e.label() == 1) {
                ones++;
                assertEquals(truth, shown, e.id());
            } else {
                assertNotEquals(truth, shown, e.id());
                List<String> candidates = List.of(r.get("answer0"), r.get("answer1"), r.get("answer2"), r.get("answer3"));
                assertTrue(candidates.contains(shown), e.id());
            }
        }
        assertEquals(259, nota);
        // a fair coin over the 2,726 other rows: 1,363 expected, sd 26
        assertTrue(Math.abs(ones - 1363) < 110, "label-1 count " + ones);
    }

    @Test
    void anthropicHhShowsChosenIffLabelOne() throws Exception {
        LabeledDataset d = LOADER.load("anthropic_hh");
        List<JsonNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                SharedDir.data().resolve("anthropic_hh/harmless-base_test.jsonl.gz"))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) rows.add(json.readTree(line));
        }
        int ones = 0;
        for (int i = 0; i < rows.size(); i++) {
            Example e = d.trainPool().get(i);
            assertEquals(rows.get(i).get(e.label() == 1 ? "chosen" : "rejected").asText(), e.text());
            ones += e.label();
        }
        assertTrue(Math.abs(ones - 1156) < 100, "label-1 count " + ones);
    }

    @Test
    void ethicsFormats() throws Exception {
        Example deon = LOADER.load("ethics_deontology").trainPool().get(0);
        assertEquals(new Example("ethics/deontology/deontology_train.csv:0",
                "Aren't you supposed to be preparing for the meeting? No because you don't have a meeting", 0), deon);
        LabeledDataset virtue = LOADER.load("ethics_virtue");
        assertEquals(2415, virtue.trainPool().stream().filter(e -> e.label() == 1).count());
        assertTrue(virtue.trainPool().get(0).text().endsWith(" [SEP] discredit"));
        LabeledDataset util = LOADER.load("ethics_utilitarianism");
        List<CSVRecord> rows = csv(SharedDir.data().resolve("ethics/utilitarianism/util_test.csv"), false);
        int ones = 0;
        for (int i = 0; i < rows.size(); i++) {
            String better = rows.get(i).get(0);
            String worse = rows.get(i).get(1);
            Example e = util.testSet().get(i);
            String first = e.label() == 1 ? better : worse;
            String second = e.label() == 1 ? worse : better;
            assertEquals("Scenario A: " + first + "\nScenario B: " + second
                    + "\nIs Scenario A more pleasant than Scenario B?", e.text());
            ones += e.label();
        }
        assertTrue(Math.abs(ones - 2404) < 160, "label-1 count " + ones);
        Map<Integer, Long> cm = LOADER.load("ethics_commonsense").trainPool().stream()
                .collect(Collectors.groupingBy(Example::label, Collectors.counting()));
        assertEquals(Map.of(0, 2069L, 1, 1816L), cm);
    }

    @Test
    void coinFlipsDependOnTheFormatSeedOnly() {
        LabeledDataset a = LOADER.load("anthropic_hh");
        LabeledDataset b = LOADER.load("anthropic_hh");
        assertEquals(a.contentSha256(), b.contentSha256());
        DatasetCard c = a.card();
        DatasetCard reseeded = new DatasetCard(c.name(), c.title(), c.description(), c.licence(), c.citation(),
                c.homepage(), c.format(), c.header(), c.columns(), c.files(), c.transforms(), c.label(), c.template(),
                1, c.notes());
        LabeledDataset r = LOADER.load(reseeded);
        assertNotEquals(a.contentSha256(), r.contentSha256());
        long same = 0;
        for (int i = 0; i < a.trainPool().size(); i++) same += a.trainPool().get(i).label() == r.trainPool().get(i).label() ? 1 : 0;
        assertTrue(same > 1000 && same < 1312, "agreement " + same);
    }

    @Test
    void unknownDatasetNamesTheBuiltInOnes() {
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCards.load("sst3"));
        assertTrue(e.getMessage().contains("unknown dataset 'sst3'") && e.getMessage().contains("ethics_justice"), e.getMessage());
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        return csv(file, true);
    }

    static List<CSVRecord> csv(Path file, boolean header) throws Exception {
        CSVFormat.Builder f = CSVFormat.RFC4180.builder();
        if (header) f.setHeader().setSkipHeaderRecord(true);
        try (var p = f.get().parse(Files.newBufferedReader(file))) {
            return p.getRecords();
        }
    }
}
