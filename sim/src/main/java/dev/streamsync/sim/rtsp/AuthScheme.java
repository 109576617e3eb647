package dev.streamsync.sim.rtsp;

/**
 * HTTP authentication schemes a simulated camera can demand (RTSP uses HTTP's, RFC 2326 §9.2).
 * When several are enabled, the 401 response offers them in the order Digest SHA-256, Digest MD5,
 * Basic (RFC 7616 §3.7: most preferred first).
 */
public enum AuthScheme {
    /** RFC 7617 Basic: user and password in base64, in the clear. */
    BASIC,
    /** RFC 7616 Digest with algorithm MD5 (what RFC 2617 clients such as FFmpeg implement), qop=auth. */
    DIGEST_MD5,
    /** RFC 7616 Digest with algorithm SHA-256, qop=auth. */
    DIGEST_SHA256
}
