package dev.prism.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Assembles batches (sample data and labels as plain arrays) on a background thread, a few ahead
 * of the consumer, so decoding, patch extraction and augmentation overlap with the engine's work.
 * The content of batch k depends only on the index order and {@code augmentSeed + k}, never on
 * thread timing, so runs are reproducible.
 */
public final class Batches implements Iterator<Batches.Batch>, AutoCloseable {

    /** One batch: {@code x} holds {@code labels.length} samples back to back. */
    public record Batch(float[] x, int[] labels, int[] indices) {}

    private static final Batch END = new Batch(new float[0], new int[0], new int[0]);

    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private Object next;
    private volatile boolean closed;

    /**
     * @param augmentSeed null for no augmentation
     */
    public Batches(Samples samples, int[] order, int batchSize, Long augmentSeed, int ahead) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
        this.worker = new Thread(() -> produce(samples, order, batchSize, augmentSeed), "prism-batches");
        worker.setDaemon(true);
        worker.start();
    }

    private void produce(Samples samples, int[] order, int batchSize, Long augmentSeed) {
        try {
            for (int start = 0, k = 0; start < order.length && !closed; start += batchSize, k++) {
                put(assemble(samples, order, start, Math.min(order.length, start + batchSize), augmentSeed, k));
            }
            put(END);
        } catch (RuntimeException | Error e) {
            put(e);
        }
    }

    /**
     * Batch {@code k} of an epoch: the samples {@code order[from..to)}, augmented (when
     * {@code augmentSeed} is not null) from {@code augmentSeed} and {@code k} alone.
     */
    static Batch assemble(Samples samples, int[] order, int from, int to, Long augmentSeed, int k) {
        int per = samples.sampleSize();
        int n = to - from;
        float[] x = new float[n * per];
        int[] y = new int[n];
        int[] idx = new int[n];
        Random aug = augmentSeed == null ? null : new Random(augmentSeed * 1_000_003L + k);
        for (int j = 0; j < n; j++) {
            int i = order[from + j];
            samples.fill(i, x, j * per, aug);
            y[j] = samples.label(i);
            idx[j] = i;
        }
        return new Batch(x, y, idx);
    }

    private void put(Object o) {
        try {
            while (!closed && !queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                // wait for the consumer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        if (next instanceof RuntimeException re) {
            throw re;
        }
        if (next instanceof Error err) {
            throw err;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = (Batch) next;
        next = null;
        return b;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        worker.interrupt();
    }
}
