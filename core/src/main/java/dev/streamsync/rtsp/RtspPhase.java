package dev.streamsync.rtsp;

/**
 * How far an {@link RtspClient} session had come when it failed. With the exception's type it tells
 * "nothing answers", "something answers, but not in RTSP" and "an RTSP session that broke" apart,
 * which the message text alone cannot do reliably. Set by the client on every {@link RtspException}
 * it reports ({@link RtspException#phase()}).
 */
public enum RtspPhase {
    /** Before a connection existed: name resolution and the TCP (or TLS) connect. */
    CONNECTING,
    /**
     * Connected, but the server had not sent one readable RTSP response on this connection yet. A
     * failure here (the connection closed, unreadable bytes, no answer in time) usually means the port
     * is served by something other than an RTSP server.
     */
    AWAITING_FIRST_ANSWER,
    /** The server answered in RTSP; OPTIONS, DESCRIBE, SETUP or PLAY still in progress. */
    NEGOTIATING,
    /** PLAY was answered: media is flowing, or expected. */
    PLAYING
}
