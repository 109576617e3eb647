package dev.streamsync.sim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a command that must clean up before the JVM exits: a shutdown hook runs {@code onStop}
 * (ask the command to stop), then waits up to {@code grace} for {@link #close()} (the command has
 * closed its cameras and printed what it prints). Used by {@link SimulatedCameraMain} and the
 * {@code streamsync} command line's sessions.
 *
 * <pre>{@code
 * try (ShutdownHandler ctrlC = ShutdownHandler.install("sim-ctrl-c", stop::countDown, Duration.ofSeconds(5))) {
 *     ... run until stopped ...
 * } // closes: removes the hook, or lets a running hook return
 * }</pre>
 *
 * <p>Threading: {@code onStop} runs on the hook's thread; {@link #close()} on the command's thread,
 * once (later calls do nothing).
 */
public final class ShutdownHandler implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ShutdownHandler(String threadName, Runnable onStop, Duration grace) {
        long graceNanos = grace.toNanos();
        this.hook = new Thread(() -> {
            onStop.run();
            try {
                closed.await(graceNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
    }

    /** Registers the hook; {@code grace} bounds how long a Ctrl-C waits for {@link #close()}. */
    public static ShutdownHandler install(String threadName, Runnable onStop, Duration grace) {
        ShutdownHandler h = new ShutdownHandler(threadName, onStop, grace);
        Runtime.getRuntime().addShutdownHook(h.hook);
        return h;
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for the count-down below
        }
        closed.countDown();
    }
}
