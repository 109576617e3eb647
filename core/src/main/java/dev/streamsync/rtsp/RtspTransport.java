package dev.streamsync.rtsp;

/** How RTP/RTCP travel from the camera (RFC 2326 §10.12, §12.39). */
public enum RtspTransport {
    /**
     * The default: {@link #TCP} first; when the server answers the first SETUP with 461 Unsupported
     * Transport (RFC 2326 §11.4.16; VLC 3 serves RTSP over UDP only and answers 461 to TCP), {@link #UDP}
     * on the same connection. The transport actually used is {@link RtspClient#activeTransport()}.
     * UDP reached this way does not fall back to TCP when no RTP arrives (the server refused TCP):
     * the no-data watchdog ends the session instead.
     */
    AUTO,
    /** Interleaved in the RTSP TCP connection ({@code RTP/AVP/TCP;interleaved=}); works through NAT and firewalls. */
    TCP,
    /**
     * UDP unicast to an RTP/RTCP port pair ({@code RTP/AVP;unicast;client_port=}); falls back to
     * {@link #TCP} when the server answers 461 Unsupported Transport or no RTP arrives within
     * {@link RtspClientConfig#udpFallbackTimeoutMillis()}.
     */
    UDP
}
