package dev.streamsync.api;

/** The synchronizer was closed: no more packets will come. */
public final class SynchronizerClosedException extends SynchronizerException {
    private static final long serialVersionUID = 1L;

    public SynchronizerClosedException(String message) {
        super(message);
    }
}
