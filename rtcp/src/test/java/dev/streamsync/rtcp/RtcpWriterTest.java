package dev.streamsync.rtcp;

import dev.streamsync.rtp.receive.ReceptionStatistics;

import static dev.streamsync.rtcp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {
    @Test
    void writesSenderReportCompoundByteForByte() {
        byte[] dst = new byte[64];
        int length = RtcpWriter.writeSenderReport(dst, 0, 0x12345678L, 0xEBE95E00_80000000L, 90_000, 100, 100_000, "cam@h");
        assertArrayEquals(hex(RtcpParserTest.SENDER_REPORT_COMPOUND), Arrays.copyOf(dst, length));
    }

    @Test
    void receiverReportFieldsMatchHandComputedValues() {
        int clockRateHz = 8_000; // 1 ms = 8 ticks exactly, so arrival times convert without rounding
        ReceptionStatistics stats = new ReceptionStatistics(0x12345678L, clockRateHz);
        // seq, RTP timestamp, arrival ms. Packets are 20 ms (160 ticks) apart; the extra delays
        // are 0, 2, 0, 5, 5, 1 ms. 1003, 1006 and 1007 are lost.
        long[][] packets = {
            {1000, 0, 0}, {1001, 160, 22}, {1002, 320, 40}, {1004, 640, 85}, {1005, 800, 105}, {1008, 1280, 161},
        };
        for (long[] p : packets) {
            stats.onRtpPacket((int) p[0], p[1], p[2] * 1_000_000);
        }
        // A.8 in integer form (jitter scaled by 16: J16 += |D| - ((J16 + 8) >> 4)), D in ticks:
        //   D = 16 -> 16; D = 16 -> 16+16-1 = 31; D = 40 -> 31+40-2 = 69; D = 0 -> 69-4 = 65;
        //   D = 32 -> 65+32-4 = 93; reported jitter = 93 >> 4 = 5 (5.79 in real arithmetic).
        assertEquals(5, stats.jitterRtpUnits());
        stats.onSenderReport(0xEBE95E00_80000000L, 50_000_000);
        byte[] dst = new byte[128];
        int length = RtcpWriter.writeReceiverReport(dst, 0, 0xAABBCCDDL, stats, 1_550_000_000L, "rx");
        // Probation ends at 1001 (the base). Expected 1008-1001+1 = 8, received 5: lost 3,
        // fraction 3*256/8 = 96. LSR = middle 32 bits 0x5E008000; DLSR = 1.5 s * 65536 = 98304.
        RecordingRtcpListener listener = new RecordingRtcpListener();
        assertEquals(RtcpParseStatus.OK, new RtcpParser().parse(dst, 0, length, listener));
        assertEquals(List.of(
                "RR ssrc=aabbccdd",
                "block reporter=aabbccdd source=12345678 fraction=96 cumulative=3 highest=1008 jitter=5 lsr=5e008000 dlsr=98304",
                "CNAME ssrc=aabbccdd rx"), listener.events);
        assertEquals(RtcpWriter.receiverReportLength(2), length);

        // Next interval without loss: fraction 0, cumulative stays 3.
        stats.onRtpPacket(1009, 1440, 180_000_000);
        stats.onRtpPacket(1010, 1600, 200_000_000);
        stats.prepareReportBlock(2_000_000_000L);
        assertEquals(0, stats.fractionLost());
        assertEquals(3, stats.cumulativeLost());
        assertEquals(1010, stats.extendedHighestSequence());
    }

    @Test
    void receiverReportWithoutSenderReportHasZeroLsrAndDlsr() {
        ReceptionStatistics stats = new ReceptionStatistics(1, 90_000);
        stats.onRtpPacket(1, 0, 0);
        stats.onRtpPacket(2, 3000, 33_000_000);
        stats.prepareReportBlock(1_000_000_000L);
        assertEquals(0, stats.lastSenderReport());
        assertEquals(0, stats.delaySinceLastSenderReport());
    }

    @Test
    void cnameIsUtf8() {
        byte[] dst = new byte[64];
        int length = RtcpWriter.writeSenderReport(dst, 0, 1, 1L << 63, 0, 0, 0, "kamera-\u00fc");
        RecordingRtcpListener listener = new RecordingRtcpListener();
        assertEquals(RtcpParseStatus.OK, new RtcpParser().parse(dst, 0, length, listener));
        assertEquals("CNAME ssrc=1 kamera-\u00fc", listener.events.get(1));
    }

    @Test
    void tooSmallDestinationIsRejectedBeforeWriting() {
        byte[] dst = new byte[20];
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeSenderReport(dst, 0, 1, 1, 0, 0, 0, "cam"));
        assertArrayEquals(new byte[20], dst);
    }
}
