package dev.streamsync.spi;

/**
 * One camera's producer stage (RTSP client + depacketizer + decoder in production, anything that
 * emits timestamped pictures in tests): the service provider interface of the synchronizer.
 *
 * <p>Lifecycle: the synchronizer calls {@link #start} once, from the thread that builds it; the
 * source then runs on its own threads and delivers into the sink until {@link #close}. It handles
 * reconnection itself and reports it through {@link FrameSink#onBroken} / {@link FrameSink#onRecovered}.
 * {@code start} must not block on the network: a camera that cannot be reached is reported as broken,
 * it does not fail the synchronizer.
 *
 * <p>{@link #close} must stop the source's threads, make no sink call after it returns, release what
 * it holds, and return within one second (the synchronizer's close has two seconds in total).
 */
public interface FrameSource extends AutoCloseable {
    /** Starts delivering into {@code sink}. Called once. */
    void start(FrameSink sink);

    /** Stops; see the class comment. Must not throw. */
    @Override
    void close();

    /** Link and clock statistics, for {@code StreamSynchronizer.stats()}; any thread, cheap. */
    default SourceStats stats() {
        return SourceStats.NONE;
    }
}
