package dev.streamsync.rtsp;

import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.VideoCodec;
import java.util.Map;

/**
 * A snapshot of one stream's counters, taken by {@link RtspStream#stats()}. Immutable. Counters taken
 * from another thread than the event loop may be a few packets stale.
 *
 * @param codec                  the stream's codec
 * @param clockRateHz            RTP clock rate from the SDP
 * @param ssrc                   current SSRC (unsigned), -1 before the first packet
 * @param rtpPackets             RTP packets received (all, before any check)
 * @param rtpBytes               bytes of those packets
 * @param malformedRtpPackets    packets that are not RTP or have another payload type
 * @param lost                   packets lost (RFC 3550 A.3, from the rtcp module's sequence tracker)
 * @param reordered              late packets that filled a gap
 * @param duplicates             duplicate packets dropped
 * @param ssrcChanges            SSRC changes (a camera restart) — each resets tracking, unwrapping and the clock
 * @param rtcpPackets            RTCP compound packets received
 * @param malformedRtcpPackets   RTCP packets that failed validation
 * @param senderReports          sender reports received for this stream
 * @param ignoredSenderReports   sender reports not used as clock anchors (sender packet count 0 or 1: no settled media clock yet)
 * @param onvifExtensions        packets with an ONVIF 0xABAC NTP extension
 * @param ntp64Extensions        packets with an RFC 6051 ntp-64 element
 * @param ntp56Extensions        packets with an RFC 6051 ntp-56 element
 * @param accessUnits            access units delivered
 * @param keyframes              keyframes delivered
 * @param droppedUnitsByReason   depacketizer drops by reason (non-zero ones)
 * @param receiverReportsSent    RTCP receiver reports sent
 */
public record RtspStreamStats(VideoCodec codec, int clockRateHz, long ssrc, long rtpPackets, long rtpBytes,
                              long malformedRtpPackets, long lost, long reordered, long duplicates, long ssrcChanges,
                              long rtcpPackets, long malformedRtcpPackets, long senderReports, long onvifExtensions,
                              long ntp64Extensions, long ntp56Extensions, long ignoredSenderReports, long accessUnits, long keyframes,
                              Map<DropReason, Long> droppedUnitsByReason, long receiverReportsSent) {
}
