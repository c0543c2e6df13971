package dev.prism.data.image;

import dev.prism.train.Samples;
import java.util.Random;

/**
 * Images as training samples (3, H, W): scaled to [0, 1], normalised per channel, and, when an
 * augmentation RNG is given, randomly cropped with 4-pixel zero padding and flipped horizontally
 * (the standard CIFAR augmentation of He et al. 2016).
 */
public final class ImageSamples implements Samples {

    /** CIFAR-10 training-set channel statistics. */
    public static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};

    public static final float[] CIFAR_STD = {0.2470f, 0.2435f, 0.2616f};

    public static final int PAD = 4;

    private final ImageSet set;
    private final float[] mean;
    private final float[] std;

    /** Samples of {@code set}, each channel normalised with its {@code mean} and {@code std} (of pixel values in [0, 1]). */
    public ImageSamples(ImageSet set, float[] mean, float[] std) {
        this.set = set;
        this.mean = mean;
        this.std = std;
    }

    /** The images these samples come from. */
    public ImageSet set() {
        return set;
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public long[] sampleShape() {
        return new long[] {3, set.height(), set.width()};
    }

    @Override
    public int classes() {
        return set.classes();
    }

    @Override
    public int label(int i) {
        return set.labels()[i];
    }

    @Override
    public void fill(int i, float[] dest, int offset, Random augment) {
        int h = set.height();
        int w = set.width();
        int dy = 0;
        int dx = 0;
        boolean flip = false;
        if (augment != null) {
            dy = augment.nextInt(2 * PAD + 1) - PAD;
            dx = augment.nextInt(2 * PAD + 1) - PAD;
            flip = augment.nextBoolean();
        }
        byte[] px = set.pixels();
        int base = i * set.imageBytes();
        for (int c = 0; c < 3; c++) {
            float zero = (0 - mean[c]) / std[c];
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    float v;
                    if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                        v = zero;
                    } else {
                        v = ((px[base + (sy * w + sx) * 3 + c] & 0xff) / 255f - mean[c]) / std[c];
                    }
                    dest[offset + (c * h + y) * w + x] = v;
                }
            }
        }
    }
}
