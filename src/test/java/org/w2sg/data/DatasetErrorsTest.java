package org.w2sg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad cards and bad files stop with the file, the line and what to do. */
class DatasetErrorsTest {
    @TempDir
    Path dir;

    private LabeledDataset load(String format, String columns, String data, String label) throws IOException {
        String file = "d/data." + format;
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        if (format.equals("jsonl.gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(data.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(p, data);
        }
        Path card = dir.resolve("card.yaml");
        Files.writeString(card, """
                name: test
                format: %s
                header: true
                columns: %s
                files:
                  train: [{path: %s}]
                label: %s
                template: "{text}"
                """.formatted(format, columns, file, label));
        return new DatasetLoader(dir).load(card.toString());
    }

    private static final String LABEL = "{rule: column, column: label, positive: ['1'], negative: ['0']}";

    @Test
    void aGoodFileLoads() throws IOException {
        LabeledDataset d = load("tsv", "[text, label]", "text\tlabel\na\t1\nb\t0\n", LABEL);
        assertEquals(2, d.trainPool().size());
        assertEquals(new Example("d/data.tsv:1", "b", 0), d.trainPool().get(1));
    }

    @Test
    void missingColumnNamesFileAndHeader() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> load("csv", "[text, label]", "sentence,label\na,1\n", LABEL));
        assertEquals("d/data.csv: missing column 'text' (the header has [sentence, label])", e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> load("jsonl.gz", "[text, label]", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\"}\n", LABEL));
        assertEquals("d/data.jsonl.gz line 2: missing column 'label' (the object has [text])", e.getMessage());
    }

    @Test
    void unparseableRowsNameTheLine() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> load("tsv", "[text, label]", "text\tlabel\na\t1\nb\t0\textra\n", LABEL));
        assertEquals("d/data.tsv line 3: expected 2 tab-separated fields, found 3: b\t0\textra", e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> load("csv", "[text, label]", "text,label\n\"a, quoted\",1\n\"multi\nline\",0\nc,yes\n", LABEL));
        assertEquals("d/data.csv line 5 (data row 2): label 'yes' in column 'label' is neither positive [1] "
                + "nor negative [0]", e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> load("jsonl", "[text, label]", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \n", LABEL));
        assertTrue(e.getMessage().startsWith("d/data.jsonl line 2: not valid JSON"), e.getMessage());
    }

    @Test
    void singleClassLabelSetIsRefusedWhenSplitting() throws IOException {
        LabeledDataset d = load("tsv", "[text, label]", "text\tlabel\na\t1\nb\t1\nc\t1\n", LABEL);
        DatasetException e = assertThrows(DatasetException.class, () -> Splitter.split(d, new SplitSizes(2, 0, 0), 0));
        assertTrue(e.getMessage().contains("all 3 examples of [d/data.tsv] have label 1"), e.getMessage());
    }

    @Test
    void aCardWithTyposOrUnknownFieldsIsRefused() throws IOException {
        Path card = dir.resolve("bad.yaml");
        Files.writeString(card, """
                name: bad
                format: tsv
                header: true
                columns: [text, label]
                files: {train: [{path: x.tsv}]}
                label: {rule: column, column: labl, positive: ['1'], negative: ['0']}
                template: "{txt}"
                """);
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCards.load(card.toString()));
        assertTrue(e.getMessage().contains("label rule reads unknown column 'labl'")
                && e.getMessage().contains("template field {txt}"), e.getMessage());
        Files.writeString(card, "name: bad\nformt: tsv\n");
        e = assertThrows(DatasetException.class, () -> DatasetCards.load(card.toString()));
        assertTrue(e.getMessage().contains("unknown field 'formt'"), e.getMessage());
    }

    @Test
    void aMissingOrAlteredFileSaysWhereToGetIt() throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        DatasetException e = assertThrows(DatasetException.class, () -> new DatasetLoader(empty).load("sst2"));
        assertTrue(e.getMessage().contains("file sst2/train.tsv is not in the data folder")
                && e.getMessage().contains("https://raw.githubusercontent.com/forest-snow/alps/")
                && e.getMessage().contains("920e317b2c52e12cd22db1da2c6708312bd7dc4f3712b9bbf1b50ee6c2c792ba"), e.getMessage());
        Path altered = dir.resolve("altered/sst2");
        Files.createDirectories(altered);
        Files.writeString(altered.resolve("train.tsv"), "sentence\tlabel\nfine\t1\n");
        e = assertThrows(DatasetException.class, () -> new DatasetLoader(dir.resolve("altered")).load("sst2"));
        assertTrue(e.getMessage().contains("but the card of 'sst2' expects 920e317b"), e.getMessage());
    }
}
