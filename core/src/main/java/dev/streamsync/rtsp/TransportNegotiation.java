package dev.streamsync.rtsp;

/**
 * The transport rules of a session, in one place and as pure functions: which transport the first
 * SETUP asks for, which one to retry with when the server answers it 461 Unsupported Transport
 * (RFC 2326 §11.4.11), and whether a UDP session may still fall back to TCP when no RTP arrives.
 *
 * <pre>
 *  configured  first SETUP   461 to the first SETUP      no RTP over UDP within udpFallbackTimeoutMillis
 *  AUTO        TCP           UDP, same connection        (UDP only after TCP was refused) no fallback
 *  TCP         TCP           fails (REQUEST_REFUSED)     -
 *  UDP         UDP           TCP, same connection        reconnect over TCP
 * </pre>
 * Stateless.
 */
final class TransportNegotiation {
    /** RFC 2326 §11.4.11. */
    static final int UNSUPPORTED_TRANSPORT = 461;

    private TransportNegotiation() {
    }

    /** The transport of the first SETUP. */
    static RtspTransport first(RtspTransport configured) {
        return configured == RtspTransport.UDP ? RtspTransport.UDP : RtspTransport.TCP;
    }

    /**
     * The transport to retry SETUP with after a 461, or null when the failure stands.
     *
     * @param setupIndex which of the session's SETUPs was refused (0: the first; later ones have a
     *                   session on the other transport already, so switching is not possible)
     */
    static RtspTransport after461(RtspTransport configured, RtspTransport active, int setupIndex) {
        if (setupIndex != 0) {
            return null;
        }
        if (configured == RtspTransport.UDP && active == RtspTransport.UDP) {
            return RtspTransport.TCP;
        }
        if (configured == RtspTransport.AUTO && active == RtspTransport.TCP) {
            // Quirk: VLC 3 serves RTSP over UDP only and answers 461 to RTP/AVP/TCP.
            return RtspTransport.UDP;
        }
        return null;
    }

    /** Whether a session on {@code active} may reconnect over TCP when no RTP arrives over UDP. */
    static boolean udpFallbackAllowed(RtspTransport configured, RtspTransport active) {
        return configured == RtspTransport.UDP && active == RtspTransport.UDP;
    }
}
