package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CPU rotary loop gives the libtorch formulation's float32 results, and the layers' one call picks it on the CPU. */
class RotaryKernelTest {
    @Test
    void gptNeoXPartialRotaryOnAFusedProjectionMatchesTheTensorOps() {
        int tokens = 7;
        int heads = 3;
        int d = 8;
        RotaryEmbedding rotary = new RotaryEmbedding(4, 10000); // rotary_pct 0.5
        long[] positions = {0, 1, 2, 3, 0, 1, 5};
        float[] values = new float[tokens * heads * 3 * d];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < values.length; i++) values[i] = (float) r.nextGaussian();
        int[] starts = new int[2 * heads];
        for (int j = 0; j < heads; j++) {
            starts[2 * j] = j * 3 * d;
            starts[2 * j + 1] = j * 3 * d + d;
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            RotaryEmbedding.Tables tables = rotary.tables(positions, m, DataType.FLOAT32);
            NDArray viaOps = m.create(values, new Shape(tokens, heads * 3L * d));
            rotary.rotateView(viaOps.reshape(tokens, heads, 3, d).split(new long[] {2}, 2).get(0), tables);
            NDArray viaLoop = m.create(values, new Shape(tokens, heads * 3L * d));
            rotary.rotateRows(viaLoop, starts, tables);
            assertArrayEquals(viaOps.toFloatArray(), viaLoop.toFloatArray(), 0f);
            // the one call the layers make picks the loop on the CPU, with the head starts the layout implies
            NDArray viaCall = m.create(values, new Shape(tokens, heads * 3L * d));
            rotary.rotate(viaCall, new RotaryEmbedding.HeadLayout(heads, 3, 2, d), tables);
            assertArrayEquals(viaOps.toFloatArray(), viaCall.toFloatArray(), 0f);
            assertArrayEquals(starts, new RotaryEmbedding.HeadLayout(heads, 3, 2, d).rotatedStarts());
            // v and the unrotated features are untouched
            float[] out = viaLoop.toFloatArray();
            for (int t = 0; t < tokens; t++) {
                for (int k = 0; k < d; k++) {
                    int v = t * heads * 3 * d + 2 * d + k;
                    assertTrue(out[v] == values[v]);
                }
            }
        }
    }
}
