package dev.prism.data.image;

import java.util.List;

/**
 * Decoded images held compactly: {@code pixels} is N x H x W x 3 bytes (RGB, row-major), labels
 * dense in [0, classes). About 150 MB for CIFAR-10's 50,000 training images.
 */
public record ImageSet(byte[] pixels, int[] labels, int height, int width, List<String> classNames, String source) {

    /** SHA-256 over the labels, shape and pixels: the data checksum written to provenance. */
    public String checksum() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(8 + 4 * labels.length);
            head.putInt(height).putInt(width);
            for (int l : labels) {
                head.putInt(l);
            }
            d.update(head.array());
            d.update(pixels);
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** The number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Bytes of one image: 3 x height x width. */
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
