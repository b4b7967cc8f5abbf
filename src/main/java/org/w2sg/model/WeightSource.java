package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
        long rows = 0;
        long numel = 0;
        for (int i = 0; i < names.length; i++) {
            checkShape(names[i], expectedShapes[i]);
            rows += expectedShapes[i][0];
            numel += store.info(names[i]).numel();
        }
        ByteBuffer all = ByteBuffer.allocateDirect(Math.toIntExact(numel * 4)).order(ByteOrder.nativeOrder());
        for (String name : names) store.float32Into(name, all);
        all.flip();
        long[] shape = expectedShapes[0].clone();
        shape[0] = rows;
        return place(manager, manager.create(all, new Shape(shape), DataType.FLOAT32), target.dtype());
    }

    private NDArray rawFloat32(NDManager manager, String name, long[] expectedShape) {
        checkShape(name, expectedShape);
        ByteBuffer data = store.float32(name);
        // A direct buffer is wrapped without a copy where libtorch allows it.
        if (!data.isDirect()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
            direct.put(data.duplicate()).flip();
            data = direct;
        }
        return manager.create(data.order(ByteOrder.nativeOrder()), new Shape(expectedShape), DataType.FLOAT32);
    }

    private void checkShape(String name, long[] expectedShape) {
        TensorInfo info = store.info(name);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + info.file() + " has shape "
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

    @Override
    public void close() {
        store.close();
    }
}
