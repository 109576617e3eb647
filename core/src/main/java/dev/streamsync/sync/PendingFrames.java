package dev.streamsync.sync;

import dev.streamsync.clock.TimestampSource;

/** A fixed-capacity FIFO of one camera's frames, ordered by capture time. Single-threaded. */
final class PendingFrames {
    private final Object[] frames;
    private final long[] captureUtcMicros;
    private final long[] arrivalMicros;
    private final TimestampSource[] sources;
    private final int capacity;
    private int head;
    private int size;

    PendingFrames(int capacity) {
        this.capacity = capacity;
        frames = new Object[capacity];
        captureUtcMicros = new long[capacity];
        arrivalMicros = new long[capacity];
        sources = new TimestampSource[capacity];
    }

    int size() { return size; }
    boolean isEmpty() { return size == 0; }
    boolean isFull() { return size == capacity; }

    private int index(int i) {
        int j = head + i;
        return j >= capacity ? j - capacity : j;
    }

    void add(Object frame, long captureUtc, long arrival, TimestampSource source) {
        int j = index(size);
        frames[j] = frame;
        captureUtcMicros[j] = captureUtc;
        arrivalMicros[j] = arrival;
        sources[j] = source;
        size++;
    }

    long captureUtcMicros(int i) { return captureUtcMicros[index(i)]; }
    long arrivalMicros(int i) { return arrivalMicros[index(i)]; }
    TimestampSource source(int i) { return sources[index(i)]; }
    Object frame(int i) { return frames[index(i)]; }

    /** Removes the head and returns its frame. */
    Object removeHead() {
        Object f = frames[head];
        frames[head] = null;
        sources[head] = null;
        head = head + 1 == capacity ? 0 : head + 1;
        size--;
        return f;
    }
}
