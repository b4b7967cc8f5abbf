package org.w2sg.extract;

import java.nio.file.Path;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;

/** How the store gets a model when (and only when) something must be extracted. */
@FunctionalInterface
public interface ModelLoader {
    DecoderModel load(Path checkpointDir, ModelOptions options);

    static ModelLoader standard() {
        return Models::load;
    }
}
