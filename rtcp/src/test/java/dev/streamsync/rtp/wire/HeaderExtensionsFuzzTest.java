package dev.streamsync.rtp.wire;

import dev.streamsync.clock.Ntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes header extension parsing: the input is the extension block (2-byte profile, then data),
 * placed into a valid RTP packet so every input exercises the element walkers and the ONVIF and
 * RFC 6051 readers.
 */
class HeaderExtensionsFuzzTest {
    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();

    @FuzzTest
    void extensions(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int dataLength = data.length - 2;
        int words = Math.min(0xFFFF, (dataLength + 3) / 4);
        byte[] rtp = new byte[12 + 4 + 4 * words + 1];
        rtp[0] = (byte) 0x90; // V=2, X=1
        rtp[1] = 96;
        rtp[12] = data[0];
        rtp[13] = data[1];
        rtp[14] = (byte) (words >>> 8);
        rtp[15] = (byte) words;
        System.arraycopy(data, 2, rtp, 16, Math.min(dataLength, 4 * words));
        assertEquals(RtpParseStatus.OK, packet.wrap(rtp, 0, rtp.length));
        checkElements(packet);
        long ntp = HeaderExtensions.onvifNtpTimestamp(packet);
        int flags = HeaderExtensions.onvifFlags(rtp, packet.extensionOffset(), packet.extensionLength());
        assertTrue(flags >= -1 && flags <= 255);
        if (packet.extensionProfile() != HeaderExtensions.ONVIF_PROFILE || packet.extensionLength() < 8) {
            assertEquals(Ntp.UNKNOWN, ntp);
        }
    }

    /** Every element found lies inside the extension block; the RFC 6051 readers never throw. */
    static void checkElements(RtpPacketFlyweight packet) {
        int extStart = packet.extensionOffset();
        int extEnd = extStart + packet.extensionLength();
        for (int id = -1; id <= 256; id++) {
            int at = packet.findExtensionElement(id);
            int length = packet.extensionElementLength();
            if (at < 0) {
                assertEquals(-1, at);
                assertEquals(0, length);
                continue;
            }
            assertTrue(id >= 1 && id <= 255);
            assertTrue(at > extStart && length >= 0 && at + length <= extEnd, "element " + id + " out of bounds");
            long ntp64 = HeaderExtensions.ntp64(packet.buffer(), at, length);
            if (length != 8) {
                assertEquals(Ntp.UNKNOWN, ntp64);
            }
            long ntp56 = HeaderExtensions.ntp56(packet.buffer(), at, length);
            if (ntp56 >= 0) {
                long reference = ntp64 != 0 ? ntp64 : 0xEBE9_5E00_0000_0000L;
                long full = HeaderExtensions.ntp56ToNtp64(ntp56, reference);
                assertEquals(ntp56, full & ((1L << 56) - 1));
            }
        }
    }
}
