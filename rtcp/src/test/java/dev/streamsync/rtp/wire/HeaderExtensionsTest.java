package dev.streamsync.rtp.wire;

import dev.streamsync.clock.Ntp;

import static dev.streamsync.rtcp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();

    @Test
    void readsOnvifReplayExtension() {
        byte[] b = hex("""
                90 60 12 34  00 01 5F 90  11 22 33 44   # V=2 X=1 PT=96 seq 0x1234 ts 90000
                AB AC 00 03     # ONVIF profile, 3 words
                EB E9 5E 00     # NTP seconds 0xEBE95E00
                80 00 00 00     # NTP fraction 0.5
                A0 07 00 00     # C=1 E=0 D=1 T=0, mbz 0, CSeq 7, padding
                7C 85 88 80     # payload (FU-A)
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        long ntp = HeaderExtensions.onvifNtpTimestamp(packet);
        assertEquals(0xEBE95E00_80000000L, ntp);
        int flags = HeaderExtensions.onvifFlags(b, packet.extensionOffset(), packet.extensionLength());
        assertEquals(HeaderExtensions.ONVIF_FLAG_C | HeaderExtensions.ONVIF_FLAG_D, flags);
        assertEquals(7, HeaderExtensions.onvifCseq(b, packet.extensionOffset(), packet.extensionLength()));
        // 0xEBE95E00 = 3957939712 s after 1900 -> 1748950912 s after 1970, plus 0.5 s
        assertEquals(1_748_950_912_500_000L, Ntp.ntpToUnixMicros(ntp));
    }

    @Test
    void shortOnvifExtensionGivesUnknown() {
        byte[] b = hex("90 60 00 01 00000000 00000001 ABAC 0001 EBE95E00");
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(Ntp.UNKNOWN, HeaderExtensions.onvifNtpTimestamp(packet));
        assertEquals(-1, HeaderExtensions.onvifFlags(b, packet.extensionOffset(), packet.extensionLength()));
    }

    @Test
    void packetWithoutOnvifProfileGivesUnknown() {
        byte[] b = hex("90 60 00 01 00000000 00000001 BEDE 0001 10 AA 00 00");
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        assertEquals(Ntp.UNKNOWN, HeaderExtensions.onvifNtpTimestamp(packet));
    }

    @Test
    void readsRfc6051Ntp64Element() {
        byte[] b = hex("""
                90 60 00 01  00 00 00 64  00 00 00 01
                BE DE 00 03     # one-byte form, 3 words
                57              # ID 5 (negotiated for ntp-64 in SDP), L=7 -> 8 bytes
                EB E9 5E 00 40 00 00 00   # NTP: seconds 0xEBE95E00, fraction 0.25
                00 00 00        # padding
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        int at = packet.findExtensionElement(5);
        long ntp = HeaderExtensions.ntp64(b, at, packet.extensionElementLength());
        assertEquals(0xEBE95E00_40000000L, ntp);
        assertEquals(1_748_950_912_250_000L, Ntp.ntpToUnixMicros(ntp));
        assertEquals(Ntp.UNKNOWN, HeaderExtensions.ntp64(b, at, 7)); // wrong length
    }

    @Test
    void readsRfc6051Ntp56ElementAndCompletesItFromAReference() {
        byte[] b = hex("""
                90 60 00 01  00 00 00 64  00 00 00 01
                BE DE 00 02     # one-byte form, 2 words
                66              # ID 6 (ntp-56), L=6 -> 7 bytes
                E9 5E 00 C0 00 00 00   # low 24 bits of seconds 0xE95E00, fraction 0.75
                """);
        assertEquals(RtpParseStatus.OK, packet.wrap(b, 0, b.length));
        int at = packet.findExtensionElement(6);
        long ntp56 = HeaderExtensions.ntp56(b, at, packet.extensionElementLength());
        assertEquals(0xE95E00_C0000000L, ntp56);
        long reference = 0xEBE95DF0_00000000L; // an SR 16 s earlier
        assertEquals(0xEBE95E00_C0000000L, HeaderExtensions.ntp56ToNtp64(ntp56, reference));
        // A reference just after a high-byte change (0xEC000000) still picks the 0xEB... value.
        assertEquals(0xEBE95E00_C0000000L, HeaderExtensions.ntp56ToNtp64(ntp56, 0xEC000010_00000000L));
        assertEquals(-1, HeaderExtensions.ntp56(b, at, 8));
        assertEquals(Ntp.UNKNOWN, HeaderExtensions.ntp56ToNtp64(-1, reference));
    }
}
