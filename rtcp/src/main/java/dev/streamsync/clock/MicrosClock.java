package dev.streamsync.clock;

/** The local clock in UTC microseconds since the Unix epoch; injected so tests control time. */
@FunctionalInterface
public interface MicrosClock {
    long nowMicros();

    /**
     * The system clock, read once and then advanced by {@link System#nanoTime()}: monotonic (deadlines
     * never jump when NTP steps the wall clock) and allocation-free. Thread-safe.
     */
    static MicrosClock system() {
        long baseUtcMicros = System.currentTimeMillis() * 1000;
        long baseNanos = System.nanoTime();
        return () -> baseUtcMicros + (System.nanoTime() - baseNanos) / 1000;
    }
}
