package org.w2sg.weights;

/**
 * Walks a strided view (sizes, element strides, element offset) in C order, handing out runs of elements that are
 * contiguous in the source, so a transposed or sliced torch tensor comes out as a dense C-order array.
 */
final class StridedCopy {
    private StridedCopy() {}

    @FunctionalInterface
    interface Run {
        void copy(long srcIndex, long dstIndex, long count);
    }

    /** True when the strides are the C-order strides of the sizes (dimensions of size 1 may have any stride). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) return false;
            expected *= size[i];
        }
        return true;
    }

    static void gather(long[] size, long[] stride, long offset, Run run) {
        int rank = size.length;
        if (rank == 0) {
            run.copy(offset, 0, 1);
            return;
        }
        for (long s : size) if (s == 0) return;
        long inner = size[rank - 1];
        boolean innerDense = stride[rank - 1] == 1 || inner == 1;
        long[] idx = new long[rank - 1];
        long dst = 0;
        while (true) {
            long src = offset;
            for (int i = 0; i < rank - 1; i++) src += idx[i] * stride[i];
            if (innerDense) {
                run.copy(src, dst, inner);
            } else {
                for (long j = 0; j < inner; j++) run.copy(src + j * stride[rank - 1], dst + j, 1);
            }
            dst += inner;
            int d = rank - 2;
            while (d >= 0 && ++idx[d] == size[d]) idx[d--] = 0;
            if (d < 0) return;
        }
    }
}
