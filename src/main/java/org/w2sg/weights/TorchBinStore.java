package org.w2sg.weights;

import java.nio.file.Path;

/** Torch {@code .bin} (zip + pickle) reader: lands in the next commit; until then it says so. */
public final class TorchBinStore {
    private TorchBinStore() {}

    public static TensorStore open(Path file) {
        throw new WeightsException(file + ": reading torch .bin files is not built yet; use --weights safetensors");
    }
}
