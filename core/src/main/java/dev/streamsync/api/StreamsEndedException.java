package dev.streamsync.api;

/**
 * Every camera ended for good (video files played to their end) and every packet before that was
 * taken: no more packets will come. The message names each camera's reason. RTSP cameras never end
 * this way; a broken camera is retried.
 */
public final class StreamsEndedException extends SynchronizerException {
    private static final long serialVersionUID = 1L;

    public StreamsEndedException(String message) {
        super(message);
    }
}
