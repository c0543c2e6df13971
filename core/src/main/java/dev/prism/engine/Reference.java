package dev.prism.engine;

import java.util.SplittableRandom;

/**
 * Plain-Java references for the engine self-check: convolution (2-D as 3-D with depth 1, any
 * groups, stride and padding) forward and both gradients, linear layers, training-mode BatchNorm
 * and squeeze-and-excitation, in double precision. Nothing here touches libtorch, so a wrong
 * kernel cannot be wrong the same way on both sides.
 */
final class Reference {

    private Reference() {}

    /** Deterministic values in [-1, 1). */
    static float[] values(long seed, long n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }

    /** max |a - ref| / max |ref| (0 when both are all zeros). */
    static double relativeError(float[] a, double[] ref) {
        if (a.length != ref.length) {
            throw new IllegalStateException("engine probe: " + a.length + " values against a reference of " + ref.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, Math.abs(a[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        if (diff == 0) {
            return 0;
        }
        return scale == 0 ? Double.POSITIVE_INFINITY : diff / scale;
    }

    /**
     * A convolution over (N, C, D, H, W) with kernel (O, C / groups, kD, kH, kW), the same stride on
     * every axis of extent > 1, and zero padding {@code pad} on H and W ({@code padDepth} on D).
     */
    record Conv(int n, int in, int out, int depth, int height, int width, int kd, int kh, int kw, int stride,
            int pad, int padDepth, int groups) {

        int outDepth() {
            return (depth + 2 * padDepth - kd) / (depth == 1 ? 1 : stride) + 1;
        }

        int outHeight() {
            return (height + 2 * pad - kh) / stride + 1;
        }

        int outWidth() {
            return (width + 2 * pad - kw) / stride + 1;
        }

        long inputSize() {
            return (long) n * in * depth * height * width;
        }

        long weightSize() {
            return (long) out * (in / groups) * kd * kh * kw;
        }

        long outputSize() {
            return (long) n * out * outDepth() * outHeight() * outWidth();
        }

        /** Forward: bias added to every output position. */
        double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[Math.toIntExact(outputSize())];
            int positions = outDepth() * outHeight() * outWidth();
            for (int i = 0; i < y.length; i++) {
                y[i] = b[(i / positions) % out];
            }
            visit((xi, wi, yi) -> y[yi] += (double) x[xi] * w[wi]);
            return y;
        }

        /** d(sum(y * g))/dx. */
        double[] gradInput(float[] g, float[] w) {
            double[] gx = new double[Math.toIntExact(inputSize())];
            visit((xi, wi, yi) -> gx[xi] += (double) g[yi] * w[wi]);
            return gx;
        }

        /** d(sum(y * g))/dw. */
        double[] gradWeight(float[] x, float[] g) {
            double[] gw = new double[Math.toIntExact(weightSize())];
            visit((xi, wi, yi) -> gw[wi] += (double) g[yi] * x[xi]);
            return gw;
        }

        /** d(sum(y * g))/db. */
        double[] gradBias(float[] g) {
            double[] gb = new double[out];
            int positions = outDepth() * outHeight() * outWidth();
            for (int i = 0; i < g.length; i++) {
                gb[(i / positions) % out] += g[i];
            }
            return gb;
        }

        private interface Tap {
            void at(int xi, int wi, int yi);
        }

        /** Calls {@code tap} for every (input, weight, output) triple the convolution multiplies. */
        private void visit(Tap tap) {
            int od = outDepth();
            int oh = outHeight();
            int ow = outWidth();
            int perGroupIn = in / groups;
            int perGroupOut = out / groups;
            int sd = depth == 1 ? 1 : stride;
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < out; o++) {
                    int g = o / perGroupOut;
                    for (int z = 0; z < od; z++) {
                        for (int y = 0; y < oh; y++) {
                            for (int x = 0; x < ow; x++) {
                                int yi = (((b * out + o) * od + z) * oh + y) * ow + x;
                                for (int c = 0; c < perGroupIn; c++) {
                                    int ci = g * perGroupIn + c;
                                    for (int a = 0; a < kd; a++) {
                                        int iz = z * sd + a - padDepth;
                                        if (iz < 0 || iz >= depth) {
                                            continue;
                                        }
                                        for (int p = 0; p < kh; p++) {
                                            int iy = y * stride + p - pad;
                                            if (iy < 0 || iy >= height) {
                                                continue;
                                            }
                                            for (int q = 0; q < kw; q++) {
                                                int ix = x * stride + q - pad;
                                                if (ix < 0 || ix >= width) {
                                                    continue;
                                                }
                                                int xi = (((b * in + ci) * depth + iz) * height + iy) * width + ix;
                                                int wi = (((o * perGroupIn + c) * kd + a) * kh + p) * kw + q;
                                                tap.at(xi, wi, yi);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** y = x W^T + b for x (n, in), W (out, in). */
    static double[] linear(float[] x, float[] w, float[] b, int n, int in, int out) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int c = 0; c < in; c++) {
                    s += (double) x[i * in + c] * w[o * in + c];
                }
                y[i * out + o] = s;
            }
        }
        return y;
    }

    /** Training-mode BatchNorm over (N, C, spatial): output and the gradients of sum(y * g). */
    record BatchNorm(double[] y, double[] gradInput, double[] gradGamma, double[] gradBeta) {

        static BatchNorm of(float[] x, float[] gamma, float[] beta, float[] g, int n, int c, int spatial, double eps) {
            double[] y = new double[x.length];
            double[] gx = new double[x.length];
            double[] gg = new double[c];
            double[] gb = new double[c];
            int count = n * spatial;
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int i = 0; i < count; i++) {
                    mean += x[index(i, ch, c, spatial)];
                }
                mean /= count;
                double var = 0;
                for (int i = 0; i < count; i++) {
                    double d = x[index(i, ch, c, spatial)] - mean;
                    var += d * d;
                }
                var /= count;
                double inv = 1 / Math.sqrt(var + eps);
                double meanG = 0;
                double meanGh = 0;
                for (int i = 0; i < count; i++) {
                    int k = index(i, ch, c, spatial);
                    double h = (x[k] - mean) * inv;
                    y[k] = gamma[ch] * h + beta[ch];
                    gg[ch] += g[k] * h;
                    gb[ch] += g[k];
                    meanG += g[k];
                    meanGh += g[k] * h;
                }
                meanG /= count;
                meanGh /= count;
                for (int i = 0; i < count; i++) {
                    int k = index(i, ch, c, spatial);
                    double h = (x[k] - mean) * inv;
                    gx[k] = gamma[ch] * inv * (g[k] - meanG - h * meanGh);
                }
            }
            return new BatchNorm(y, gx, gg, gb);
        }

        private static int index(int i, int ch, int c, int spatial) {
            return ((i / spatial) * c + ch) * spatial + i % spatial;
        }
    }

    /**
     * Squeeze-and-excitation with ReLU and sigmoid: y = x * sigmoid(W2 relu(W1 mean(x) + b1) + b2),
     * and the gradient of sum(y * g) with respect to x.
     */
    record SqueezeExcite(double[] y, double[] gradInput) {

        static SqueezeExcite of(float[] x, float[] w1, float[] b1, float[] w2, float[] b2, float[] g,
                int n, int c, int squeeze, int spatial) {
            double[] y = new double[x.length];
            double[] gx = new double[x.length];
            for (int i = 0; i < n; i++) {
                double[] p = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    for (int s = 0; s < spatial; s++) {
                        p[ch] += x[(i * c + ch) * spatial + s];
                    }
                    p[ch] /= spatial;
                }
                double[] h = new double[squeeze];
                for (int o = 0; o < squeeze; o++) {
                    h[o] = b1[o];
                    for (int ch = 0; ch < c; ch++) {
                        h[o] += w1[o * c + ch] * p[ch];
                    }
                }
                double[] gate = new double[c];
                double[] dz = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    double z = b2[ch];
                    for (int o = 0; o < squeeze; o++) {
                        z += w2[ch * squeeze + o] * Math.max(0, h[o]);
                    }
                    gate[ch] = 1 / (1 + Math.exp(-z));
                    double ds = 0;
                    for (int s = 0; s < spatial; s++) {
                        int k = (i * c + ch) * spatial + s;
                        y[k] = x[k] * gate[ch];
                        ds += g[k] * x[k];
                    }
                    dz[ch] = ds * gate[ch] * (1 - gate[ch]);
                }
                double[] dp = new double[c];
                for (int o = 0; o < squeeze; o++) {
                    if (h[o] <= 0) {
                        continue;
                    }
                    double dh = 0;
                    for (int ch = 0; ch < c; ch++) {
                        dh += dz[ch] * w2[ch * squeeze + o];
                    }
                    for (int ch = 0; ch < c; ch++) {
                        dp[ch] += dh * w1[o * c + ch];
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    for (int s = 0; s < spatial; s++) {
                        int k = (i * c + ch) * spatial + s;
                        gx[k] = g[k] * gate[ch] + dp[ch] / spatial;
                    }
                }
            }
            return new SqueezeExcite(y, gx);
        }
    }

    /** PyTorch's Adam step for one parameter (L2 decay, or AdamW's decoupled decay). */
    static double[] adam(float[] p, float[] grad, float[] m, float[] v, int step, double lr, double b1, double b2,
            double wd, double eps, boolean decoupled) {
        double[] out = new double[p.length];
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < p.length; i++) {
            double w = p[i];
            double g = grad[i] + (decoupled ? 0 : wd * w);
            if (decoupled) {
                w *= 1 - lr * wd;
            }
            double mi = b1 * m[i] + (1 - b1) * g;
            double vi = b2 * v[i] + (1 - b2) * g * g;
            out[i] = w - lr / bc1 * mi / (Math.sqrt(vi) / Math.sqrt(bc2) + eps);
        }
        return out;
    }

    /** Round to nearest even bfloat16, back as a float. */
    static double bfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }
}
