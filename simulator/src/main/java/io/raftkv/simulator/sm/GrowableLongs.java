package io.raftkv.simulator.sm;

import java.util.Arrays;

/** A long array indexed from 1 that grows on demand; unset slots read 0. */
public final class GrowableLongs {
    private long[] values = new long[256];
    private long maxIndex;

    public long get(long index) {
        return index >= 1 && index < values.length ? values[(int) index] : 0;
    }

    public void set(long index, long value) {
        if (index >= values.length) {
            if (index >= Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("index " + index + " is too large for a simulation");
            }
            values = Arrays.copyOf(values, (int) Math.max(index + 1, values.length * 2L));
        }
        values[(int) index] = value;
        maxIndex = Math.max(maxIndex, index);
    }

    /** The largest index ever set. */
    public long maxIndex() {
        return maxIndex;
    }
}
