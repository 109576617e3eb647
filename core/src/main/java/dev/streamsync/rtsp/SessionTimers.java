package dev.streamsync.rtsp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The periodic timers of one playing session (keepalive, receiver reports, media watchdog) and the
 * session's clock, on the session's event loop. Time is the loop's {@link io.netty.util.concurrent.Ticker}:
 * the system's on a real loop; on an {@code EmbeddedChannel} a mock that tests move with
 * {@code freezeTime()} / {@code advanceTimeBy()}, so keepalive, fallback and watchdogs are tested
 * without sleeping.
 *
 * <p>Threading: event loop only (except {@link #nowNanos()}, safe anywhere).
 */
final class SessionTimers {
    private final EventLoop loop;
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();

    SessionTimers(EventLoop loop) {
        this.loop = loop;
    }

    /** The session's monotonic clock in nanoseconds (origin arbitrary). */
    long nowNanos() {
        return loop.ticker().nanoTime();
    }

    /** Runs {@code task} every {@code periodMillis}, first after {@code initialMillis}, until {@link #cancelAll()}. */
    void every(long initialMillis, long periodMillis, Runnable task) {
        periodic.add(loop.scheduleAtFixedRate(task, initialMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    /** Runs {@code task} once after {@code delayMillis}; the caller cancels it if needed. */
    ScheduledFuture<?> once(long delayMillis, Runnable task) {
        return loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Cancels every periodic timer. */
    void cancelAll() {
        for (ScheduledFuture<?> t : periodic) {
            t.cancel(false);
        }
        periodic.clear();
    }

    /** Periodic timers running (for tests). */
    int running() {
        return periodic.size();
    }
}
