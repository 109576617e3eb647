package dev.streamsync.rtp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes {@link RtpPacketFlyweight#wrap} and element lookup: never throws, every offset in bounds. */
class RtpPacketFlyweightFuzzTest {
    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();

    @FuzzTest
    void parse(byte[] data) {
        // Wrap at offset 1 too, so bounds are checked relative to the packet, not the array.
        for (int offset = 0; offset <= Math.min(1, data.length); offset++) {
            int length = data.length - offset;
            RtpParseStatus status = packet.wrap(data, offset, length);
            if (status != RtpParseStatus.OK) {
                assertFalse(packet.isValid());
                assertEquals(-1, packet.findExtensionElement(1));
                continue;
            }
            assertTrue(length >= RtpPacketFlyweight.FIXED_HEADER_LENGTH);
            assertEquals(2, packet.version());
            int end = offset + length;
            assertTrue(packet.payloadOffset() >= offset + 12 + 4 * packet.csrcCount());
            assertTrue(packet.payloadLength() >= 0 && packet.payloadOffset() + packet.payloadLength() <= end);
            assertTrue(packet.sequenceNumber() >= 0 && packet.sequenceNumber() <= 0xFFFF);
            assertTrue(packet.timestamp() >= 0 && packet.timestamp() <= 0xFFFF_FFFFL);
            assertTrue(packet.ssrc() >= 0 && packet.ssrc() <= 0xFFFF_FFFFL);
            if (packet.extension()) {
                assertTrue(packet.extensionProfile() >= 0);
                assertTrue(packet.extensionOffset() + packet.extensionLength() <= packet.payloadOffset());
            } else {
                assertEquals(-1, packet.extensionProfile());
            }
            HeaderExtensionsFuzzTest.checkElements(packet);
        }
    }
}
