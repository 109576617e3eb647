package dev.streamsync.rtsp;

/** Why a session ended. Never "null means ended": every end says why. */
public enum RtspEndReason {
    /** {@link RtspClient#close()} was called. */
    CLOSED,
    /** The server closed the connection or sent RTCP BYE on every stream. */
    SERVER_ENDED,
    /** The session failed; {@link RtspStreamListener#onError} was called with the typed cause first. */
    FAILED
}
