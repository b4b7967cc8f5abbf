package org.w2sg.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a card's files: from the data folder when they are there (checked against the card's sha256), otherwise
 * through the {@link DataFetcher}; then reads and formats every row.
 */
public final class DatasetLoader {
    private final Path dataDir;
    private final DataFetcher fetcher;

    public DatasetLoader(Path dataDir, DataFetcher fetcher) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.fetcher = fetcher;
    }

    public DatasetLoader(Path dataDir) {
        this(dataDir, DataFetcher.offline());
    }

    public Path dataDir() {
        return dataDir;
    }

    public LabeledDataset load(String nameOrPath) {
        return load(DatasetCards.load(nameOrPath));
    }

    public LabeledDataset load(DatasetCard card) {
        ExampleFormatter formatter = new ExampleFormatter(card);
        List<Example> train = readAll(card, card.files().train(), formatter);
        List<Example> test = readAll(card, card.files().test(), formatter);
        return new LabeledDataset(card, train, test);
    }

    private List<Example> readAll(DatasetCard card, List<DatasetCard.DataFile> files, ExampleFormatter formatter) {
        TableReader reader = new TableReader(card.format(), card.header(), card.columns());
        List<Example> out = new ArrayList<>();
        for (DatasetCard.DataFile f : files) {
            Path local = locate(card, f);
            List<Row> rows;
            try {
                rows = reader.read(local, f.path());
            } catch (IOException e) {
                throw new DatasetException(f.path() + ": cannot read " + local + " (" + e.getMessage() + ")", e);
            }
            if (rows.isEmpty()) throw new DatasetException(f.path() + " (" + local + ") holds no data rows");
            for (Row r : rows) out.add(formatter.format(r));
        }
        return out;
    }

    private Path locate(DatasetCard card, DatasetCard.DataFile f) {
        Path local = dataDir.resolve(f.path()).normalize();
        try {
            if (!Files.isRegularFile(local)) local = fetcher.fetch(card, f, dataDir);
            if (f.sha256() != null) {
                String actual = sha256(local);
                if (!actual.equals(f.sha256())) {
                    throw new DatasetException(local + " has sha256 " + actual + " but the card of '" + card.name()
                            + "' expects " + f.sha256() + " (" + f.path() + "): replace the file with the upstream one"
                            + (f.url() != null ? " (" + f.url() + ")" : ""));
                }
            }
            return local;
        } catch (IOException e) {
            throw new DatasetException("dataset '" + card.name() + "': cannot get " + f.path() + " (" + e.getMessage() + ")", e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
