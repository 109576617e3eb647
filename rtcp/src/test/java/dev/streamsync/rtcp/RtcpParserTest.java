package dev.streamsync.rtcp;

import static dev.streamsync.rtcp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpParserTest {
    /** SR + SDES CNAME as a camera sends it. */
    static final String SENDER_REPORT_COMPOUND = """
            80 C8 00 06     # V=2 P=0 RC=0 PT=200 (SR), length 6 words -> 28 bytes
            12 34 56 78     # sender SSRC
            EB E9 5E 00     # NTP seconds
            80 00 00 00     # NTP fraction (0.5 s)
            00 01 5F 90     # RTP timestamp 90000
            00 00 00 64     # sender's packet count 100
            00 01 86 A0     # sender's octet count 100000
            81 CA 00 03     # V=2 SC=1 PT=202 (SDES), length 3 -> 16 bytes
            12 34 56 78     # chunk SSRC
            01 05 63 61 6D 40 68   # CNAME, 5 bytes: "cam@h"
            00              # end of items (also pads to 32 bits)
            """;

    private final RtcpParser parser = new RtcpParser();
    private final RecordingRtcpListener listener = new RecordingRtcpListener();

    private RtcpParseStatus parse(byte[] b) {
        return parser.parse(b, 0, b.length, listener);
    }

    @Test
    void parsesSenderReportAndCname() {
        assertEquals(RtcpParseStatus.OK, parse(hex(SENDER_REPORT_COMPOUND)));
        assertEquals(List.of(
                "SR ssrc=12345678 ntp=ebe95e0080000000 rtp=90000 packets=100 octets=100000",
                "CNAME ssrc=12345678 cam@h"), listener.events);
    }

    @Test
    void parsesReceiverReportBlockByeAndSkipsApp() {
        byte[] b = hex("""
                81 C9 00 07     # RR, RC=1, length 7 -> 32 bytes
                AA BB CC DD     # reporter SSRC
                12 34 56 78     # reportee SSRC
                40 FF FF FE     # fraction lost 64 (= 0.25), cumulative lost -2 (24-bit two's complement)
                00 01 00 05     # extended highest sequence: 1 cycle, seq 5 -> 65541
                00 00 00 2A     # jitter 42
                5E 00 80 00     # LSR
                00 01 80 00     # DLSR 98304/65536 = 1.5 s
                80 CC 00 02     # APP, length 2 -> 12 bytes: skipped by its length
                AA BB CC DD
                54 45 53 54     # name "TEST"
                81 CB 00 01     # BYE, SC=1
                AA BB CC DD
                """);
        assertEquals(RtcpParseStatus.OK, parse(b));
        assertEquals(List.of(
                "RR ssrc=aabbccdd",
                "block reporter=aabbccdd source=12345678 fraction=64 cumulative=-2 highest=65541 jitter=42 lsr=5e008000 dlsr=98304",
                "other pt=204 length=12",
                "BYE ssrc=aabbccdd"), listener.events);
    }

    @Test
    void acceptsPaddingOnTheLastPacket() {
        byte[] b = hex("""
                80 C9 00 01  AA BB CC DD          # RR, no blocks
                A1 CB 00 02  AA BB CC DD  00 00 00 04   # BYE with P=1, 4 padding octets
                """);
        assertEquals(RtcpParseStatus.OK, parse(b));
        assertEquals(List.of("RR ssrc=aabbccdd", "BYE ssrc=aabbccdd"), listener.events);
    }

    @Test
    void rejectsCompoundPacketsThatBreakRfc3550AppendixA2() {
        // First packet not SR/RR.
        assertEquals(RtcpParseStatus.FIRST_NOT_SR_OR_RR, parse(hex("81 CB 00 01 AA BB CC DD")));
        // Version 1.
        assertEquals(RtcpParseStatus.BAD_VERSION, parse(hex("40 C9 00 01 AA BB CC DD")));
        // Padding on the first of two packets.
        assertEquals(RtcpParseStatus.PADDING_NOT_LAST,
                parse(hex("A0 C9 00 01 AA BB CC DD  81 CB 00 01 AA BB CC DD")));
        // Length says 3 words but the datagram ends after 1.
        assertEquals(RtcpParseStatus.LENGTH_MISMATCH, parse(hex("80 C9 00 02 AA BB CC DD")));
        // RC=1 but no report block.
        assertEquals(RtcpParseStatus.BAD_REPORT_COUNT, parse(hex("81 C9 00 01 AA BB CC DD")));
        // SDES item longer than the packet.
        assertEquals(RtcpParseStatus.BAD_SDES,
                parse(hex("80 C9 00 01 AA BB CC DD  81 CA 00 02 AA BB CC DD 01 09 41 00")));
        // Padding count zero.
        assertEquals(RtcpParseStatus.BAD_PADDING, parse(hex("A0 C9 00 02 AA BB CC DD 00 00 00 00")));
        // Not a multiple of 4 bytes.
        assertEquals(RtcpParseStatus.TOO_SHORT, parse(hex("80 C9 00 01 AA BB CC DD 00")));
        assertTrue(listener.events.isEmpty(), "no callbacks for invalid packets: " + listener.events);
    }

    @Test
    void reducedSizePolicyAcceptsALoneBye() {
        RtcpParser permissive = new RtcpParser(RtcpParser.CompoundPolicy.ALLOW_REDUCED_SIZE);
        byte[] b = hex("81 CB 00 01 AA BB CC DD");
        assertEquals(RtcpParseStatus.OK, permissive.parse(b, 0, b.length, listener));
        assertEquals(List.of("BYE ssrc=aabbccdd"), listener.events);
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        byte[] packet = hex(SENDER_REPORT_COMPOUND);
        byte[] framed = new byte[packet.length + 4];
        framed[0] = '$'; // RTSP interleaved frame header: '$', channel 1, 16-bit length
        framed[1] = 1;
        framed[3] = (byte) packet.length;
        System.arraycopy(packet, 0, framed, 4, packet.length);
        assertEquals(RtcpParseStatus.OK, parser.parse(framed, 4, packet.length, listener));
        assertEquals(2, listener.events.size());
    }
}
