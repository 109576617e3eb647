package dev.streamsync.rtsp;

/**
 * Connecting, waiting for a response, or waiting for media took longer than configured;
 * {@link #phase()} says which: {@link RtspPhase#CONNECTING} (connect timeout),
 * {@link RtspPhase#AWAITING_FIRST_ANSWER} or {@link RtspPhase#NEGOTIATING} (a request got no answer),
 * {@link RtspPhase#PLAYING} (no RTP, or a keepalive got no answer).
 */
public final class RtspTimeoutException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspTimeoutException(String message, String url) {
        super(message, url, null);
    }
}
