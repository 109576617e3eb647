package dev.streamsync.sdp;

/** The session description cannot be used (no media section at all, not text, or beyond a parsing bound). */
public class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
