package dev.streamsync.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test listener writing every callback as one line of text. */
final class RecordingRtcpListener implements RtcpListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
        events.add(String.format("SR ssrc=%x ntp=%x rtp=%d packets=%d octets=%d", ssrc, ntpTimestamp, rtpTimestamp,
                packetCount, octetCount));
    }

    @Override
    public void onReceiverReport(long ssrc) {
        events.add(String.format("RR ssrc=%x", ssrc));
    }

    @Override
    public void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extendedHighestSequence, long interarrivalJitter, long lastSenderReport, long delaySinceLastSenderReport) {
        events.add(String.format("block reporter=%x source=%x fraction=%d cumulative=%d highest=%d jitter=%d lsr=%x dlsr=%d",
                reporterSsrc, sourceSsrc, fractionLost, cumulativeLost, extendedHighestSequence, interarrivalJitter,
                lastSenderReport, delaySinceLastSenderReport));
    }

    @Override
    public void onSdesCname(long ssrc, byte[] buffer, int offset, int length) {
        events.add(String.format("CNAME ssrc=%x %s", ssrc, new String(buffer, offset, length, StandardCharsets.UTF_8)));
    }

    @Override
    public void onBye(long ssrc) {
        events.add(String.format("BYE ssrc=%x", ssrc));
    }

    @Override
    public void onOtherPacket(int packetType, byte[] buffer, int offset, int length) {
        events.add("other pt=" + packetType + " length=" + length);
    }
}
