package dev.streamsync.api;

/** How RTP reaches us from a camera. */
public enum Transport {
    /**
     * The default: {@link #TCP} first, {@link #UDP} when the camera answers SETUP with 461 Unsupported
     * Transport (VLC 3 serves RTSP over UDP only). {@link CameraStats} and the CLI's {@code probe} show
     * the transport actually used.
     */
    AUTO,
    /** Interleaved in the RTSP TCP connection (RFC 2326 §10.12): passes NAT and firewalls, no loss. */
    TCP,
    /**
     * A UDP port pair per stream (RFC 2326 §12.39): lower latency, packets may be lost. Falls back to TCP
     * when the camera refuses UDP (461) or no RTP arrives over UDP within a few seconds (a firewall).
     */
    UDP
}
