package org.w2sg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.w2sg.errors.UserException;
import org.w2sg.machine.HugePages;
import org.w2sg.weights.TensorInfo;
import org.w2sg.weights.TensorStore;

/**
 * Turns named checkpoint tensors into NDArrays on the compute device, checking each shape against what the config
 * implies. Matrices take the compute dtype; norm parameters stay float32 (norms always compute in float32).
 */
public final class WeightSource implements AutoCloseable {
    private final TensorStore store;
    private final ComputeTarget target;

    public WeightSource(TensorStore store, ComputeTarget target) {
        this.store = store;
        this.target = target;
    }

    public ComputeTarget target() {
        return target;
    }

    public boolean has(String name) {
        return store.contains(name);
    }

    public TensorStore store() {
        return store;
    }

    /** A matrix or bias in the compute dtype. */
    public NDArray tensor(NDManager manager, String name, long... expectedShape) {
        return place(manager, rawFloat32(manager, name, expectedShape), target.dtype());
    }

    /** A norm parameter, kept in float32. */
    public NDArray norm(NDManager manager, String name, long... expectedShape) {
        return place(manager, rawFloat32(manager, name, expectedShape), DataType.FLOAT32);
    }

    /**
     * Several [rows_i, cols] matrices (or [rows_i] vectors) stacked along the first axis into one tensor, so that
     * one GEMM computes what the checkpoint stores as separate projections (q/k/v, gate/up).
     */
    public NDArray stackedRows(NDManager manager, String[] names, long[][] expectedShapes) {
        for (int i = 0; i < names.length; i++) checkShape(names[i], expectedShapes[i]);
        long[] shape = expectedShapes[0].clone();
        shape[0] = 0;
        for (long[] s : expectedShapes) shape[0] += s[0];
        return place(manager, filled(manager, new Shape(shape), view -> {
            for (String name : names) {
                store.float32Into(name, view);
                store.release(name);
            }
        }), target.dtype());
    }

    private NDArray rawFloat32(NDManager manager, String name, long[] expectedShape) {
        checkShape(name, expectedShape);
        return filled(manager, new Shape(expectedShape), view -> {
            store.float32Into(name, view);
            // the values now live in the array: the file's pages need not stay in this process's resident set
            store.release(name);
        });
    }

    /**
     * A float32 array allocated by libtorch (uninitialised) and filled through a view of its own storage: the store
     * widens straight from the memory-mapped file into the array, with no Java-side buffer to allocate and zero and
     * no copy afterwards. On a GPU the array is filled in host memory and then moved.
     */
    private static NDArray filled(NDManager manager, Shape shape, Consumer<ByteBuffer> fill) {
        boolean host = !manager.getDevice().isGpu();
        NDManager cpu = host ? manager : NDManager.newBaseManager(Device.cpu(), manager.getEngine().getEngineName());
        try {
            NDArray array = cpu.create(shape, DataType.FLOAT32);
            try {
                if (shape.size() > 0) {
                    ByteBuffer view = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
                    HugePages.advise(view);
                    fill.accept(view);
                    if (view.hasRemaining()) {
                        throw new IllegalStateException("weights filled " + view.position() + " of " + view.capacity()
                                + " bytes of a " + shape + " array");
                    }
                }
            } catch (RuntimeException e) {
                array.close();
                throw e;
            }
            if (host) return array;
            NDArray moved = array.toDevice(manager.getDevice(), false);
            moved.attach(manager);
            return moved;
        } finally {
            if (!host) cpu.close();
        }
    }

    private void checkShape(String name, long[] expectedShape) {
        TensorInfo info = store.info(name);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new UserException("tensor '" + name + "' in " + info.file() + " has shape "
                    + Arrays.toString(info.shape()) + " but config.json implies " + Arrays.toString(expectedShape));
        }
    }

    private NDArray place(NDManager manager, NDArray array, DataType dtype) {
        NDArray moved = manager.getDevice().equals(array.getDevice()) ? array : array.toDevice(manager.getDevice(), false);
        NDArray typed = moved.getDataType() == dtype ? moved : moved.toType(dtype, false);
        if (moved != array && moved != typed) moved.close();
        if (typed != array) array.close();
        return typed;
    }

    /**
     * A Llama-style attention's q_proj, k_proj and v_proj (under {@code prefix}, e.g. "model.layers.3.self_attn.")
     * fused into one projection whose output is [q | k | v]; kvWidth = key/value heads x head size.
     */
    public Linear fusedQkv(NDManager manager, String prefix, long hidden, long kvWidth, boolean bias) {
        return new Linear(
                stackedRows(manager, new String[] {prefix + "q_proj.weight", prefix + "k_proj.weight", prefix + "v_proj.weight"},
                        new long[][] {{hidden, hidden}, {kvWidth, hidden}, {kvWidth, hidden}}),
                bias ? stackedRows(manager, new String[] {prefix + "q_proj.bias", prefix + "k_proj.bias", prefix + "v_proj.bias"},
                        new long[][] {{hidden}, {kvWidth}, {kvWidth}})
                        : null);
    }

    /** A SwiGLU MLP's gate_proj and up_proj (gate rows first) and its down_proj, under {@code prefix}. */
    public SwiGluMlp swiGluMlp(NDManager manager, String prefix, long hidden, long intermediate) {
        return new SwiGluMlp(
                new Linear(stackedRows(manager, new String[] {prefix + "gate_proj.weight", prefix + "up_proj.weight"},
                        new long[][] {{intermediate, hidden}, {intermediate, hidden}}), null),
                new Linear(tensor(manager, prefix + "down_proj.weight", hidden, intermediate), null));
    }

    @Override
    public void close() {
        store.close();
    }
}
