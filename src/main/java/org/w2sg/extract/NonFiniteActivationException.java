package org.w2sg.extract;

/** A NaN or infinite hidden state: the extraction of this unit stops, naming the hidden state and the example. */
public class NonFiniteActivationException extends IllegalStateException {
    private final int hiddenIndex;
    private final String exampleId;

    public NonFiniteActivationException(int hiddenIndex, String exampleId, String kind) {
        super(kind + " in hidden state " + hiddenIndex + (hiddenIndex == 0 ? " (embeddings)" : " (output of layer "
                + (hiddenIndex - 1) + ")") + " of example " + exampleId
                + ": the checkpoint or its dtype produces non-finite activations; these results would be meaningless");
        this.hiddenIndex = hiddenIndex;
        this.exampleId = exampleId;
    }

    public int hiddenIndex() {
        return hiddenIndex;
    }

    public String exampleId() {
        return exampleId;
    }
}
