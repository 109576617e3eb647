package dev.streamsync.clock;

/**
 * Where a frame's UTC capture time came from, so that an application can tell how far to trust it.
 *
 * <p>Ordered roughly from most to least trustworthy for a live camera; {@link #FILE} applies to
 * file sources only.
 */
public enum TimestampSource {
    /** Per-frame NTP time from the ONVIF RTP header extension (ONVIF Streaming Spec §6.3, profile 0xABAC). */
    ONVIF_EXTENSION,
    /** Per-frame NTP time from an RFC 6051 {@code ntp-64} or {@code ntp-56} header extension element. */
    RFC6051_EXTENSION,
    /** Mapping fitted to RTCP sender reports (RFC 3550 §6.4.1). */
    RTCP_SR,
    /** Anchor from the PLAY response's {@code Range: clock=} and {@code RTP-Info rtptime} (RFC 2326 §12.29, §12.33). */
    RANGE_CLOCK,
    /** No camera clock: the local arrival time. Flagged so it is never mixed with synced streams as if it were synced. */
    ARRIVAL,
    /** A video file paced by its presentation times and stamped from the system clock. */
    FILE
}
