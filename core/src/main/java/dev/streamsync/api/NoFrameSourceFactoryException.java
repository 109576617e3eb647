package dev.streamsync.api;

/**
 * {@link StreamSynchronizer.Builder#build()} found no {@link FrameSourceFactory}: none was passed to
 * {@link StreamSynchronizer.Builder#sourceFactory} and none is registered for {@link java.util.ServiceLoader}
 * (a jar built without {@code META-INF/services}). A packaging error, not a camera failure.
 */
public final class NoFrameSourceFactoryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoFrameSourceFactoryException(String message) {
        super(message);
    }
}
