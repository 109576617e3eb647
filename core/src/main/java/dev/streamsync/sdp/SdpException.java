package dev.streamsync.sdp;

/** The session description cannot be used (no media section at all, or not text). */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
