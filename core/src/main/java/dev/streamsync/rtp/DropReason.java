package dev.streamsync.rtp;

/** Why a depacketizer discarded a packet or a partial access unit. Each reason has its own counter. */
public enum DropReason {
    /** A sequence number gap: packets were lost; the unit they belonged to is damaged and dropped. */
    SEQUENCE_GAP,
    /** A packet older than the last one (reordered beyond the reorder window, or a duplicate). */
    STALE_PACKET,
    /** Packet shorter than its payload header, or an aggregation packet whose sizes overrun the payload. */
    MALFORMED,
    /** A payload type this depacketizer does not handle (H.264 STAP-B/MTAP/FU-B, H.265 PACI, reserved types). */
    UNSUPPORTED_PACKET_TYPE,
    /** A fragment without its start fragment (the start was lost or the stream began mid-fragment). */
    FRAGMENT_WITHOUT_START,
    /** A fragmented NAL unit was interrupted by another packet before its end fragment. */
    FRAGMENT_INTERRUPTED,
    /** Packet of a unit already damaged by a gap; skipped until the next RTP timestamp. */
    DAMAGED_UNIT,
    /** The access unit grew beyond the configured limit. Callers treat this as a stream failure. */
    ACCESS_UNIT_TOO_LARGE
}
