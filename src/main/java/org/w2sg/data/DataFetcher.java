package org.w2sg.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Gets a card's data file that the data folder lacks: {@link DataDownloader} downloads it through the hub client;
 * {@link #offline()} only says exactly which file to put where.
 */
@FunctionalInterface
public interface DataFetcher {
    /** Returns a local copy of {@code file} (its bytes must match the card's sha256). */
    Path fetch(DatasetCard card, DatasetCard.DataFile file, Path dataDir) throws IOException;

    /** No network: a clear message naming the missing file, its upstream location and where to put it. */
    static DataFetcher offline() {
        return (card, file, dataDir) -> {
            StringBuilder msg = new StringBuilder("dataset '" + card.name() + "': file " + file.path()
                    + " is not in the data folder " + dataDir + ". ");
            if (file.url() != null) msg.append("Download ").append(file.url());
            else if (file.hub() != null) msg.append("Download ").append(file.hub().file()).append(" from the Hub dataset ")
                    .append(file.hub().repo());
            else msg.append("Get it from ").append(card.homepage());
            msg.append(" to ").append(dataDir.resolve(file.path()));
            if (file.sha256() != null) msg.append(" (sha256 ").append(file.sha256()).append(")");
            msg.append(", or point --data-dir at a folder that has it.");
            throw new DatasetException(msg.toString());
        };
    }
}
