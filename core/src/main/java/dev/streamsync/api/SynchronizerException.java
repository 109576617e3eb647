package dev.streamsync.api;

/** Base of the exceptions by which a {@link StreamSynchronizer} says it cannot deliver packets. */
public class SynchronizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SynchronizerException(String message) {
        super(message);
    }

    public SynchronizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
