package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.TreeMap;

/** A sink that copies every output into Java float arrays (float32, C order) with its shape. */
public final class CollectedOutputs implements HiddenStateSink {
    public record Output(float[] values, long[] shape) {}

    private final Map<Integer, Output> hidden = new TreeMap<>();
    private Output lastLayerPreNorm;
    private Output logits;

    @Override
    public void hidden(int index, NDArray value) {
        hidden.put(index, copy(value));
    }

    @Override
    public void lastLayerPreNorm(NDArray value) {
        lastLayerPreNorm = copy(value);
    }

    @Override
    public void logits(NDArray value) {
        logits = copy(value);
    }

    public Map<Integer, Output> hidden() {
        return hidden;
    }

    public Output lastLayerPreNorm() {
        return lastLayerPreNorm;
    }

    public Output logits() {
        return logits;
    }

    private static Output copy(NDArray value) {
        NDArray f = value.getDataType() == DataType.FLOAT32 ? value : value.toType(DataType.FLOAT32, false);
        return new Output(f.toFloatArray(), f.getShape().getShape());
    }
}
