package dev.prism.data.image;

import java.util.List;

/**
 * Decoded images held compactly: {@code pixels} is N x H x W x 3 bytes (RGB, row-major), labels
 * dense in [0, classes). About 150 MB for CIFAR-10's 50,000 training images.
 */
public record ImageSet(byte[] pixels, int[] labels, int height, int width, List<String> classNames, String source) {

    public int size() {
        return labels.length;
    }

    public int classes() {
        return classNames.size();
    }

    public int imageBytes() {
        return height * width * 3;
    }

    /** The images at {@code idx}, as a new set (for validation splits). */
    public ImageSet subset(int[] idx) {
        byte[] px = new byte[idx.length * imageBytes()];
        int[] lab = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(pixels, idx[i] * imageBytes(), px, i * imageBytes(), imageBytes());
            lab[i] = labels[idx[i]];
        }
        return new ImageSet(px, lab, height, width, classNames, source);
    }
}
