package dev.streamsync.rtsp;

/** How RTP/RTCP travel from the camera (RFC 2326 §10.12, §12.39). */
public enum RtspTransport {
    /** Interleaved in the RTSP TCP connection ({@code RTP/AVP/TCP;interleaved=}); the default, works through NAT and firewalls. */
    TCP,
    /**
     * UDP unicast to an RTP/RTCP port pair ({@code RTP/AVP;unicast;client_port=}); falls back to
     * {@link #TCP} when the server answers 461 Unsupported Transport or no RTP arrives within
     * {@link RtspClientConfig#udpFallbackTimeoutMillis()}.
     */
    UDP
}
