package dev.streamsync.api;

/** How RTP reaches us from a camera. */
public enum Transport {
    /** Interleaved in the RTSP TCP connection (RFC 2326 §10.12); the default: passes NAT and firewalls, no loss. */
    TCP,
    /** A UDP port pair per stream (RFC 2326 §12.39): lower latency, packets may be lost. */
    UDP
}
