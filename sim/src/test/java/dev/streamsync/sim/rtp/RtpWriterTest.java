package dev.streamsync.sim.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtpWriterTest {

    @Test
    void ntpTimestampOfUnixEpochIsTheEraOffset() {
        assertEquals(2_208_988_800L << 32, RtpWriter.ntpFromUnixMicros(0));
        assertEquals((2_208_988_801L << 32) | 0x8000_0000L, RtpWriter.ntpFromUnixMicros(1_500_000));
    }

    @Test
    void rtpHeaderWithOnvifExtensionHasRfc3550Layout() {
        ByteBuf buf = Unpooled.buffer();
        RtpWriter.writeRtpHeader(buf, true, 96, 0x1234, 0xDEADBEEFL, 0x01020304, true);
        RtpWriter.writeOnvifExtension(buf, 0x1122334455667788L, RtpWriter.ONVIF_FLAG_CLEAN_POINT | RtpWriter.ONVIF_FLAG_DISCONTINUITY, 0x1FF);
        assertEquals(RtpWriter.RTP_HEADER_BYTES + RtpWriter.ONVIF_EXTENSION_BYTES, buf.readableBytes());
        assertEquals(0x90, buf.getUnsignedByte(0), "V=2, X=1");
        assertEquals(0x80 | 96, buf.getUnsignedByte(1), "M=1, PT=96");
        assertEquals(0x1234, buf.getUnsignedShort(2));
        assertEquals(0xDEADBEEFL, buf.getUnsignedInt(4));
        assertEquals(0x01020304, buf.getInt(8));
        assertEquals(0xABAC, buf.getUnsignedShort(12));
        assertEquals(3, buf.getUnsignedShort(14));
        assertEquals(0x1122334455667788L, buf.getLong(16));
        assertEquals(0xA0, buf.getUnsignedByte(24));
        assertEquals(0xFF, buf.getUnsignedByte(25), "low byte of CSeq");
        assertEquals(0, buf.getUnsignedShort(26));
        buf.release();
    }

    @Test
    void senderReportAndSdesHaveConsistentLengths() {
        ByteBuf buf = Unpooled.buffer();
        RtpWriter.writeSenderReport(buf, 0x0A0B0C0D, 0x0102030405060708L, 90_000, 10, 12_345, "cam@127.0.0.1");
        assertEquals(0x80, buf.getUnsignedByte(0));
        assertEquals(200, buf.getUnsignedByte(1));
        int srBytes = (buf.getUnsignedShort(2) + 1) * 4;
        assertEquals(28, srBytes);
        assertEquals(0x0A0B0C0D, buf.getInt(4));
        assertEquals(0x0102030405060708L, buf.getLong(8));
        assertEquals(90_000, buf.getInt(16));
        assertEquals(10, buf.getInt(20));
        assertEquals(12_345, buf.getInt(24));
        assertEquals(0x81, buf.getUnsignedByte(srBytes));
        assertEquals(202, buf.getUnsignedByte(srBytes + 1));
        int sdesBytes = (buf.getUnsignedShort(srBytes + 2) + 1) * 4;
        assertEquals(buf.readableBytes(), srBytes + sdesBytes, "compound packet ends with the SDES");
        assertEquals(1, buf.getUnsignedByte(srBytes + 8), "CNAME item");
        int nameLength = buf.getUnsignedByte(srBytes + 9);
        assertEquals("cam@127.0.0.1", buf.toString(srBytes + 10, nameLength, StandardCharsets.UTF_8));
        assertEquals(0, buf.getUnsignedByte(srBytes + 10 + nameLength), "END item");
        buf.release();
    }
}
