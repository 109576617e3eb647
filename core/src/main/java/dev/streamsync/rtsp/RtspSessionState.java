package dev.streamsync.rtsp;

/** Life cycle of an {@link RtspClient}'s session. */
public enum RtspSessionState {
    /** Created, {@link RtspClient#start()} not called yet. */
    NEW,
    /** Opening the TCP (or TLS) connection. */
    CONNECTING,
    /** OPTIONS / DESCRIBE / SETUP / PLAY in progress. */
    NEGOTIATING,
    /** PLAY answered; media flows. */
    PLAYING,
    /** {@link RtspClient#close()} called: TEARDOWN and closing the connection. */
    CLOSING,
    /** Ended; see {@link RtspEndReason}. */
    ENDED
}
