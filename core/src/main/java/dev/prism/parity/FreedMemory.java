package dev.prism.parity;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a read of memory that Java has already let go of fail every time instead of now and then:
 * a garbage collection, a pause for the cleaner that frees unreachable direct buffers, then small
 * direct buffers allocated and zero-filled so that the freed blocks are handed out again and
 * overwritten. Called between a forward and a backward pass, it turns a tensor that still points
 * into a freed Java buffer (see {@link dev.prism.nn.Scalars}) into a wrong gradient on the spot.
 */
public final class FreedMemory {

    private static final int BUFFERS = 512;

    private FreedMemory() {}

    /**
     * Collects, frees and reuses; the returned buffers hold the reused memory and must stay
     * reachable until after the read under test.
     */
    public static List<ByteBuffer> collectAndReuse() {
        System.gc();
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> held = new ArrayList<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 6)); // 4 to 128 bytes, the sizes of small constants
            for (int k = 0; k < b.capacity(); k++) {
                b.put(k, (byte) 0);
            }
            held.add(b);
        }
        return held;
    }
}
