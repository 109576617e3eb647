package dev.streamsync.sync;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exception handling for threads that must not die of one error (the compensator): counts every
 * throwable by class, logs the first of each class with its stack trace, and lets the caller go on.
 * Thread-safe.
 */
final class ErrorCounter {
    private final Logger log;
    private final String what;
    private final Map<Class<?>, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    ErrorCounter(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void record(Throwable t) {
        if (t instanceof VirtualMachineError vmError) {
            throw vmError;
        }
        total.increment();
        LongAdder count = counts.computeIfAbsent(t.getClass(), k -> new LongAdder());
        count.increment();
        if (count.sum() == 1) {
            log.warn("{}: first {} (later ones are counted, not logged)", what, t.getClass().getName(), t);
        }
    }

    long total() { return total.sum(); }
}
