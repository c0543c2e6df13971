package dev.prism.io;

/** Conversions between column-major (Fortran, MATLAB) and row-major (C) layouts. */
public final class ArrayOrder {

    private ArrayOrder() {}

    /** Reorders values stored column-major for {@code shape} into row-major order. */
    public static float[] fortranToC(float[] values, long[] shape) {
        int rank = shape.length;
        float[] out = new float[values.length];
        int[] idx = new int[rank];
        // walk row-major output positions, computing the column-major source offset
        long[] fStride = new long[rank];
        long s = 1;
        for (int d = 0; d < rank; d++) {
            fStride[d] = s;
            s *= shape[d];
        }
        for (int i = 0; i < out.length; i++) {
            long src = 0;
            for (int d = 0; d < rank; d++) {
                src += idx[d] * fStride[d];
            }
            out[i] = values[(int) src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }
}
