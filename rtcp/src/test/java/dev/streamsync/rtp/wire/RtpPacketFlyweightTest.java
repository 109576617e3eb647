package dev.streamsync.rtp.wire;

import static dev.streamsync.rtcp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpPacketFlyweightTest {
    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();

    @Test
    void parsesFixedHeaderFields() {
        byte[] b = hex("""
                80 E0 FF FE     # V=2 P=0 X=0 CC=0 | M=1 PT=96 | seq 65534
                FF FF FF F0     # timestamp 4294967280
                DE AD BE EF     # SSRC
                65 88 84 00     # payload: H.264 IDR NAL header + 3 bytes
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(2, packet.version());
        assertFalse(packet.padding());
        assertFalse(packet.extension());
        assertEquals(0, packet.csrcCount());
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(65534, packet.sequenceNumber());
        assertEquals(4_294_967_280L, packet.timestamp());
        assertEquals(0xDEADBEEFL, packet.ssrc());
        assertEquals(12, packet.payloadOffset());
        assertEquals(4, packet.payloadLength());
        assertEquals(-1, packet.extensionProfile());
        assertSame(b, packet.buffer());
    }

    @Test
    void skipsCsrcsAndRemovesPadding() {
        byte[] b = hex("""
                00 00 00        # 3 bytes of unrelated data before the packet
                A2 60 00 07     # V=2 P=1 X=0 CC=2 | M=0 PT=96 | seq 7
                00 00 03 E8     # timestamp 1000
                00 00 00 01     # SSRC 1
                00 00 00 0A     # CSRC 10
                00 00 00 0B     # CSRC 11
                41 9A 02        # payload (3 bytes)
                00 00 03        # padding: 3 octets, the last one counts them
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 3, b.length - 3));
        assertEquals(2, packet.csrcCount());
        assertEquals(11, packet.csrc(1));
        assertEquals(3 + 20, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
    }

    @Test
    void reportsMalformedPacketsAsValues() {
        assertEquals(RtpParseStatus.TOO_SHORT, packet.wrap(hex("80 60 00 01 00 00 00 00 00 00 00"), 0, 11));
        assertEquals(RtpParseStatus.TOO_SHORT, packet.wrap(new byte[12], 4, 12)); // range beyond the array
        assertEquals(RtpParseStatus.TOO_SHORT, packet.wrap(null, 0, 12));
        assertEquals(RtpParseStatus.BAD_VERSION, packet.wrap(hex("40 60 00 01 00000000 00000001"), 0, 12));
        // CC=1 but no CSRC follows
        assertEquals(RtpParseStatus.BAD_CSRC_COUNT, packet.wrap(hex("81 60 00 01 00000000 00000001"), 0, 12));
        // X=1, extension claims 2 words but only 1 follows
        assertEquals(RtpParseStatus.BAD_EXTENSION_LENGTH,
                packet.wrap(hex("90 60 00 01 00000000 00000001 BEDE 0002 10 AA 00 00"), 0, 20));
        // P=1 with a padding count of 0
        assertEquals(RtpParseStatus.BAD_PADDING, packet.wrap(hex("A0 60 00 01 00000000 00000001 AA 00"), 0, 14));
        // P=1 with a padding count larger than the payload
        assertEquals(RtpParseStatus.BAD_PADDING, packet.wrap(hex("A0 60 00 01 00000000 00000001 AA 03"), 0, 14));
        assertFalse(packet.isValid());
    }

    @Test
    void findsOneByteHeaderExtensionElements() {
        byte[] b = hex("""
                90 60 00 01  00 00 00 64  00 00 00 01   # X=1
                BE DE 00 04     # RFC 8285 one-byte form, 4 words
                10 AA           # ID 1, L=0 -> 1 byte: AA
                00              # padding byte
                26 01 02 03 04 05 06 07  # ID 2, L=6 -> 7 bytes (ntp-56 size)
                30 BB           # ID 3, L=0: BB
                00 00 00        # padding to the word boundary
                65 00           # payload
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(0xBEDE, packet.extensionProfile());
        assertEquals(16, packet.extensionOffset());
        assertEquals(16, packet.extensionLength());
        assertEquals(32, packet.payloadOffset());
        assertEquals(2, packet.payloadLength());
        assertEquals(17, packet.findExtensionElement(1));
        assertEquals(1, packet.extensionElementLength());
        assertEquals(20, packet.findExtensionElement(2));
        assertEquals(7, packet.extensionElementLength());
        assertEquals(0xBB, b[packet.findExtensionElement(3)] & 0xFF);
        assertEquals(-1, packet.findExtensionElement(4));
        assertEquals(0, packet.extensionElementLength());
        assertEquals(-1, packet.findExtensionElement(15));
    }

    @Test
    void stopsAtReservedOneByteId15() {
        byte[] b = hex("90 60 00 01 00000064 00000001 BEDE 0001 F0 20 AA 00");
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(-1, packet.findExtensionElement(2)); // RFC 8285 §4.2: stop at ID 15
    }

    @Test
    void findsTwoByteHeaderExtensionElements() {
        byte[] b = hex("""
                90 60 00 01  00 00 00 64  00 00 00 01
                10 00 00 04     # RFC 8285 two-byte form (appbits 0), 4 words
                01 00           # ID 1, length 0
                00              # padding
                20 08 01 02 03 04 05 06 07 08   # ID 32, 8 bytes (ntp-64 size)
                00 00 00        # padding
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(18, packet.findExtensionElement(1));
        assertEquals(0, packet.extensionElementLength());
        assertEquals(21, packet.findExtensionElement(32));
        assertEquals(8, packet.extensionElementLength());
        assertEquals(-1, packet.findExtensionElement(33));
    }

    @Test
    void truncatedElementIsNotFound() {
        byte[] b = hex("90 60 00 01 00000064 00000001 BEDE 0001 00 00 23 AA"); // ID 2 wants 4 bytes, 1 present
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(-1, packet.findExtensionElement(2));
    }
}
