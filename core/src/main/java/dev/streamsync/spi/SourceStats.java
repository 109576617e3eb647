package dev.streamsync.spi;

import dev.streamsync.clock.TimestampSource;
import java.util.Optional;

/**
 * What a {@link FrameSource} knows about its link to the camera, beyond the frames it delivers:
 * network counters and the state of the camera's clock. Immutable snapshot.
 *
 * @param transport               how media arrives ("TCP", "UDP", "file"); empty before the first session
 * @param codec                   codec of the decoded stream; empty before the first session
 * @param rtpPackets              RTP packets received in the current session
 * @param packetsLost             RTP packets lost in the current session (RFC 3550 A.3)
 * @param packetsReordered        late packets that filled a gap
 * @param senderReports           RTCP sender reports received in the current session
 * @param lastSenderReportAgeMicros local time now minus the NTP time of the newest sender report used by the
 *                                clock, or -1 when none (includes the camera clock's offset to the local clock)
 * @param clockSource             what anchors the camera's clock now; empty while unanchored
 * @param driftPpm                camera media clock rate error against nominal, from the sender report fit (0 until 2 SRs)
 * @param headerExtensions        packets with a per-frame NTP header extension (ONVIF or RFC 6051)
 * @param reconnects              sessions started after the first (each after a failure)
 */
public record SourceStats(Optional<String> transport, Optional<String> codec, long rtpPackets, long packetsLost,
                          long packetsReordered, long senderReports, long lastSenderReportAgeMicros,
                          Optional<TimestampSource> clockSource, double driftPpm, long headerExtensions, long reconnects) {

    /** For sources that report nothing. */
    public static final SourceStats NONE = new SourceStats(Optional.empty(), Optional.empty(), 0, 0, 0, 0, -1,
            Optional.empty(), 0, 0, 0);
}
