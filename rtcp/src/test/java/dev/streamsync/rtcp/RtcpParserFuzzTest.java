package dev.streamsync.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link RtcpParser}: never throws, callbacks only for valid packets, every byte range
 * handed to the listener lies inside the datagram, and parsing agrees with validation.
 */
class RtcpParserFuzzTest {
    private final RtcpParser strict = new RtcpParser();
    private final RtcpParser permissive = new RtcpParser(RtcpParser.CompoundPolicy.ALLOW_REDUCED_SIZE);

    @FuzzTest
    void parse(byte[] data) {
        for (RtcpParser parser : new RtcpParser[] {strict, permissive}) {
            CheckingListener listener = new CheckingListener(0, data.length);
            RtcpParseStatus status = parser.parse(data, 0, data.length, listener);
            assertEquals(status, parser.validate(data, 0, data.length));
            if (status != RtcpParseStatus.OK) {
                assertEquals(0, listener.calls, "callbacks for an invalid packet");
            } else if (parser == strict) {
                assertTrue(listener.calls > 0, "a valid compound starts with SR or RR");
            }
        }
        // A strictly valid packet is also valid under the permissive policy.
        if (strict.validate(data, 0, data.length) == RtcpParseStatus.OK) {
            assertEquals(RtcpParseStatus.OK, permissive.validate(data, 0, data.length));
        }
    }

    private static final class CheckingListener implements RtcpListener {
        private final int start;
        private final int end;
        int calls;

        CheckingListener(int start, int end) {
            this.start = start;
            this.end = end;
        }

        private void checkUnsigned32(long v) {
            assertTrue(v >= 0 && v <= 0xFFFF_FFFFL);
        }

        @Override
        public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            calls++;
            checkUnsigned32(ssrc);
            checkUnsigned32(rtpTimestamp);
            checkUnsigned32(packetCount);
            checkUnsigned32(octetCount);
        }

        @Override
        public void onReceiverReport(long ssrc) {
            calls++;
            checkUnsigned32(ssrc);
        }

        @Override
        public void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extendedHighestSequence, long interarrivalJitter, long lastSenderReport, long delaySinceLastSenderReport) {
            calls++;
            assertTrue(fractionLost >= 0 && fractionLost <= 255);
            assertTrue(cumulativeLost >= -0x80_0000 && cumulativeLost <= 0x7F_FFFF);
            checkUnsigned32(delaySinceLastSenderReport);
        }

        @Override
        public void onSdesCname(long ssrc, byte[] buffer, int offset, int length) {
            calls++;
            assertTrue(offset >= start && length >= 0 && offset + length <= end, "CNAME out of bounds");
        }

        @Override
        public void onBye(long ssrc) {
            calls++;
            checkUnsigned32(ssrc);
        }

        @Override
        public void onOtherPacket(int packetType, byte[] buffer, int offset, int length) {
            calls++;
            assertTrue(offset >= start && length >= 4 && offset + length <= end, "packet out of bounds");
        }
    }
}
