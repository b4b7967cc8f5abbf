package org.w2sg.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.w2sg.data.DatasetCard;
import org.w2sg.data.DatasetCards;
import org.w2sg.data.DatasetException;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.data.LabeledDataset;
import org.w2sg.errors.UserException;

/**
 * One source of the corpus as documents of text: a dataset card's train pool (its formatted texts, no labels; the
 * card's test file is never used, so the sweep's test set T stays unseen) or a text file: {@code .txt} (one document
 * per line, or per blank-line-separated paragraph when the file has blank lines), {@code .jsonl} or
 * {@code .jsonl.gz} (one JSON object per line with a string field {@code text}).
 *
 * @param sha256 what the documents were made from: the file's bytes, or for a card the formatted train-pool texts
 */
public record TextSource(String name, String kind, List<String> documents, String sha256, Map<String, Object> provenance) {

    public static TextSource open(String spec, Path dataDir) {
        Path file = Path.of(spec);
        String lower = spec.toLowerCase(java.util.Locale.ROOT);
        boolean textFile = lower.endsWith(".txt") || lower.endsWith(".jsonl") || lower.endsWith(".jsonl.gz");
        if (textFile) {
            if (!Files.isRegularFile(file)) throw new UserException("--corpus: text file " + file + " does not exist");
            return fromFile(spec, file);
        }
        if (DatasetCards.BUILT_IN.contains(spec) || lower.endsWith(".yaml") || lower.endsWith(".yml")) return fromCard(spec, dataDir);
        throw new UserException("--corpus: '" + spec + "' is neither a dataset card (" + String.join(", ", DatasetCards.BUILT_IN)
                + ", or a card's .yaml) nor a text file (.txt, .jsonl, .jsonl.gz)");
    }

    private static TextSource fromCard(String spec, Path dataDir) {
        LabeledDataset data;
        DatasetCard card;
        try {
            card = DatasetCards.load(spec);
            if (card.testFromTrainPool()) {
                throw new UserException("--corpus " + spec + ": this card draws its test set T from its train pool, so "
                        + "training on the pool would show the model T's texts; use a card with its own test file "
                        + "(e.g. sst2, ethics_justice) or a text file");
            }
            data = new DatasetLoader(dataDir).load(card);
        } catch (DatasetException e) {
            throw new UserException("--corpus " + spec + ": " + e.getMessage(), e);
        }
        List<String> docs = new ArrayList<>();
        for (Example e : data.trainPool()) if (!e.text().isBlank()) docs.add(e.text());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("card", card.name());
        prov.put("train_files", card.files().train().stream().map(f -> Map.of("path", f.path(),
                "sha256", String.valueOf(f.sha256()))).toList());
        prov.put("test_files_used", false);
        prov.put("examples", data.trainPool().size());
        return new TextSource(card.name(), "card", docs, sha256(docs), prov);
    }

    private static TextSource fromFile(String spec, Path file) {
        List<String> docs;
        try {
            docs = spec.toLowerCase(java.util.Locale.ROOT).endsWith(".txt") ? txt(file) : jsonl(file);
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("path", file.toAbsolutePath().normalize().toString());
            String sha = fileSha256(file);
            prov.put("sha256", sha);
            prov.put("bytes", Files.size(file));
            return new TextSource(spec, "file", docs, sha, prov);
        } catch (IOException e) {
            throw new UserException("--corpus " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static List<String> txt(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        boolean paragraphs = text.contains("\n\n");
        List<String> docs = new ArrayList<>();
        for (String d : text.split(paragraphs ? "\n\\s*\n" : "\n")) {
            String t = d.strip();
            if (!t.isEmpty()) docs.add(t);
        }
        return docs;
    }

    static List<String> jsonl(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> docs = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (IOException e) {
                    throw new UserException(file + ", line " + number + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                JsonNode text = node == null ? null : node.get("text");
                if (text == null || !text.isTextual()) {
                    throw new UserException(file + ", line " + number + ": no string field 'text' (each line must be "
                            + "an object like {\"text\": \"...\"})");
                }
                if (!text.asText().isBlank()) docs.add(text.asText());
            }
        }
        return docs;
    }

    static String sha256(List<String> docs) {
        MessageDigest md = digest();
        for (String d : docs) {
            md.update(d.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String fileSha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
