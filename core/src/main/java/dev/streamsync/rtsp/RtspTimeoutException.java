package dev.streamsync.rtsp;

/** Connecting, waiting for a response, or waiting for media took longer than configured. */
public final class RtspTimeoutException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspTimeoutException(String message, String url) {
        super(message, url, null);
    }
}
