package org.w2sg.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubException;
import org.w2sg.hub.HubSettings;
import org.w2sg.hub.RepoId;
import org.w2sg.io.Untrusted;

/**
 * Downloads a card's data file that the data folder lacks, with the Hub client's resumable, verified, retrying
 * downloader, into the shared Hugging Face cache:
 * <ul>
 *   <li>a file of a Hub dataset repo ({@code hub:} in the card) goes where huggingface_hub puts it,
 *       {@code HUB_CACHE/datasets--ORG--NAME/snapshots/COMMIT/FILE}, so Python's {@code hf_hub_download} and the
 *       harness share it;</li>
 *   <li>a file known only by its URL ({@code url:}, raw GitHub at a pinned commit) goes to
 *       {@code ASSETS/w2sg-harness/datasets/SHA256/NAME} ({@code ASSETS}: {@code HF_ASSETS_CACHE}, else
 *       {@code HF_HOME/assets}, else {@code ~/.cache/huggingface/assets}), named by the card's sha256, which the bytes
 *       must match before the file appears there.</li>
 * </ul>
 * The Hub comes first when the card names both; the URL is the fallback. A copy already in either cache is used
 * without the network; with {@code HF_HUB_OFFLINE=1} nothing else is tried and a missing file gets the message of
 * {@link DataFetcher#offline()}.
 */
public final class DataDownloader implements DataFetcher {
    private final HubClient hub;

    public DataDownloader(HubClient hub) {
        this.hub = hub;
    }

    /** A downloader with the Hub settings of this process's environment ({@code HF_ENDPOINT}, {@code HF_HOME} …). */
    public static DataDownloader fromEnvironment() {
        return new DataDownloader(new HubClient(HubSettings.fromEnvironment()));
    }

    /** Where a file known only by its URL is kept: {@code ASSETS/w2sg-harness/datasets/SHA256/NAME}. */
    public Path urlCachePath(DatasetCard.DataFile file) {
        // the card's path and sha256 become folder and file names: neither may leave the cache
        Untrusted.blobName("a dataset card's file " + Untrusted.quote(file.path()), "sha256", file.sha256());
        String name = Path.of(Untrusted.relativeFile("a dataset card", "file path", file.path())).getFileName().toString();
        return hub.settings().assetsDir().resolve("w2sg-harness").resolve("datasets").resolve(file.sha256()).resolve(name);
    }

    @Override
    public Path fetch(DatasetCard card, DatasetCard.DataFile file, Path dataDir) throws IOException {
        boolean offline = hub.settings().offline();
        if (file.url() != null && file.sha256() != null && Files.isRegularFile(urlCachePath(file))) return urlCachePath(file);
        List<String> failures = new ArrayList<>();
        if (file.hub() != null) {
            RepoId repo = RepoId.dataset(file.hub().repo());
            String revision = file.hub().revision() == null ? "main" : file.hub().revision();
            try {
                // offline, this answers from the cache alone (or fails, and the offline message below says what to do)
                return hub.download(repo, revision, file.hub().file(), file.sha256());
            } catch (IOException e) {
                // offline, the message below says what to do; 'harness download' is for models, so not suggested here
                if (!offline) failures.add(e instanceof HubException h && h.unreachable() != null
                        ? "from the Hub dataset " + file.hub().repo() + ": cannot reach " + hub.settings().endpoint() + " ("
                                + h.unreachable() + ")"
                        : "from the Hub: " + e.getMessage());
            }
        }
        if (offline) {
            try {
                return DataFetcher.offline().fetch(card, file, dataDir);
            } catch (DatasetException e) {
                throw new DatasetException("offline (HF_HUB_OFFLINE=1): " + e.getMessage());
            }
        }
        if (file.url() != null) {
            if (file.sha256() == null) {
                failures.add("from " + file.url() + ": not tried, because the card gives no sha256 to verify it against"
                        + " (add 'sha256' to the card)");
            } else {
                try {
                    return hub.downloads().url(URI.create(file.url()), urlCachePath(file), file.bytes() == null ? -1 : file.bytes(),
                            file.sha256());
                } catch (IOException e) {
                    failures.add("from " + file.url() + ": " + e.getMessage());
                }
            }
        }
        if (failures.isEmpty()) return DataFetcher.offline().fetch(card, file, dataDir); // no upstream named: say where to put it
        throw new DatasetException("dataset '" + card.name() + "': " + file.path() + " is not in the data folder " + dataDir
                + " and could not be downloaded: " + String.join("; ", failures) + ". Put the file at "
                + dataDir.resolve(file.path()) + (file.sha256() != null ? " (sha256 " + file.sha256() + ")" : "")
                + ", or point --data-dir at a folder that has it (the default is $W2SG_SHARED/data).");
    }
}
