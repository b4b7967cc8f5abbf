package org.w2sg.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step: forward and backward in a per-step sub-manager that owns every temporary (the parameters are
 * temp-attached to it, so results and gradient wrappers die with it), a finite check of the loss and of every
 * gradient, global-norm clipping and AdamW, then the gradients are zeroed (libtorch accumulates across backward calls).
 */
public final class TrainStep {
    public record Result(double loss, double gradNorm) {}

    /**
     * Seconds spent per phase over all steps run so far. With the chunked head: layers forward, the LM head and
     * cross-entropy (forward and backward, chunk by chunk), the layers' backward; the plain route counts its whole
     * forward in layersForward and its whole backward in layersBackward. Then the optimizer (norm, clip, AdamW, zeroing).
     */
    public static final class Timings {
        public double layersForward;
        public double headAndLoss;
        public double layersBackward;
        public double optimizer;
        public long steps;
    }

    private final TrainableGptNeoX model;
    private final AdamW optimizer;
    private final NDManager base;
    private final Timings timings = new Timings();
    private final BatchUpload upload = new BatchUpload();
    private int headChunk = DEFAULT_HEAD_CHUNK;

    /**
     * Rows of the LM head computed at a time: 128 x 50,304 float32 logits are 26 MB, under glibc's largest mmap
     * threshold (32 MB), so the chunk buffers are reused from the heap rather than mapped and zeroed afresh each time.
     */
    public static final int DEFAULT_HEAD_CHUNK = 128;

    /** 0: the whole head at once, one backward (the plain route, kept for comparison). */
    public TrainStep headChunk(int rows) {
        this.headChunk = rows;
        return this;
    }

    public TrainStep(TrainableGptNeoX model, AdamW optimizer, NDManager base) {
        this.model = model;
        this.optimizer = optimizer;
        this.base = base;
    }

    public Timings timings() {
        return timings;
    }

    /** Runs update number {@code update} (1-based) on {@code batch} with learning rate {@code lr}. */
    public Result run(long update, Batch batch, double lr) {
        try (NDManager step = base.newSubManager()) {
            model.attachTo(step);
            long t0 = System.nanoTime();
            NDArray[] uploaded = upload.upload(batch, step);
            NDArray ids = uploaded[0];
            NDArray targets = uploaded[1];
            double loss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                if (headChunk > 0) {
                    loss = model.lossAndBackward(ids, targets, collector, headChunk, timings);
                } else {
                    NDArray l = model.loss(ids, targets);
                    loss = l.toType(DataType.FLOAT64, false).getDouble();
                    long t1 = System.nanoTime();
                    collector.backward(l);
                    timings.layersForward += (t1 - t0) / 1e9;
                    timings.layersBackward += (System.nanoTime() - t1) / 1e9;
                }
            }
            long t2 = System.nanoTime();
            if (!Double.isFinite(loss)) {
                throw new NonFiniteTrainingException("step " + update + ": the loss is " + loss + "; training stopped "
                        + "before this update, so the last saved state is intact: lower --lr, keep --clip, or change "
                        + "--seed, then rerun");
            }
            Map<String, NDArray> grads = gradients(model);
            double norm = optimizer.gradientNorm(grads, update);
            optimizer.update(model.parameters(), grads, lr, norm);
            for (NDArray g : grads.values()) HostFloats.zero(g);
            long t3 = System.nanoTime();
            timings.optimizer += (t3 - t2) / 1e9;
            timings.steps++;
            return new Result(loss, norm);
        }
    }

    /** Each parameter's gradient; the wrappers belong to the parameters' current (per-step) manager. */
    static Map<String, NDArray> gradients(TrainableGptNeoX model) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> grads.put(name, p.getGradient()));
        return grads;
    }

    /**
     * Mean loss over {@code batch} without gradients (validation), the LM head in chunks as in training: whole, a
     * 16 x 64 batch's logits and log-probabilities are 2 x 206 MB that the allocator maps and zeroes afresh at each
     * evaluation (the weak lab run's peak RSS was 1.6 GB and a third of its CPU time system time).
     */
    public double evaluate(Batch batch) {
        try (NDManager step = base.newSubManager()) {
            model.attachTo(step);
            NDArray[] uploaded = upload.upload(batch, step);
            NDArray ids = uploaded[0];
            NDArray targets = uploaded[1];
            if (headChunk <= 0) return model.loss(ids, targets).toType(DataType.FLOAT64, false).getDouble();
            return model.lossInChunks(ids, targets, headChunk);
        }
    }
}
