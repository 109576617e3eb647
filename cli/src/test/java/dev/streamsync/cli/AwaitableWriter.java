package dev.streamsync.cli;

import java.io.Writer;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Writer} that keeps everything written and lets another thread wait until a number of
 * complete lines has arrived: for reading what a long-running command ({@code sim}) prints while it runs.
 */
final class AwaitableWriter extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
        text.append(cbuf, off, len);
        notifyAll();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** The first {@code n} complete lines, waiting at most {@code timeout} for them; throws AssertionError if they do not come. */
    synchronized List<String> awaitLines(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completeLines().size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout + " for " + n + " lines, got: " + text);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return completeLines().subList(0, n);
    }

    @Override
    public synchronized String toString() {
        return text.toString();
    }

    private List<String> completeLines() {
        int end = text.lastIndexOf("\n");
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }
}
