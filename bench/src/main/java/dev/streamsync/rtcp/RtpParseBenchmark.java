package dev.streamsync.rtcp;

import dev.streamsync.rtp.wire.HeaderExtensions;
import dev.streamsync.rtp.wire.RtpPacketFlyweight;
import dev.streamsync.rtp.wire.RtpParseStatus;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** RTP header parse plus header extension lookup, per packet; target: zero allocation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpParseBenchmark {
    private static final int NTP64_ID = 5;

    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();
    private final byte[] rfc6051Packet = new byte[1400];
    private final byte[] onvifPacket = new byte[1400];

    public RtpParseBenchmark() {
        // V=2 X=1, PT 96, seq 0x1234, ts 90000, SSRC; one-byte extension: padding, ID 1 (1 byte), ID 5 ntp-64.
        byte[] header = {
            (byte) 0x90, 96, 0x12, 0x34, 0, 1, 0x5F, (byte) 0x90, 0x11, 0x22, 0x33, 0x44,
            (byte) 0xBE, (byte) 0xDE, 0, 3,
            0x10, 0x2A, 0x57, (byte) 0xEB, (byte) 0xE9, 0x5E, 0, 0x40, 0, 0, 0, 0, 0, 0,
        };
        System.arraycopy(header, 0, rfc6051Packet, 0, header.length);
        byte[] onvif = {
            (byte) 0x90, 96, 0x12, 0x34, 0, 1, 0x5F, (byte) 0x90, 0x11, 0x22, 0x33, 0x44,
            (byte) 0xAB, (byte) 0xAC, 0, 3,
            (byte) 0xEB, (byte) 0xE9, 0x5E, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80, 7, 0, 0,
        };
        System.arraycopy(onvif, 0, onvifPacket, 0, onvif.length);
    }

    /** wrap + find the ntp-64 element + read it. */
    @Benchmark
    public long parseWithRfc6051Extension() {
        if (packet.wrap(rfc6051Packet, 0, rfc6051Packet.length) != RtpParseStatus.OK) {
            return -1;
        }
        int at = packet.findExtensionElement(NTP64_ID);
        return HeaderExtensions.ntp64(rfc6051Packet, at, packet.extensionElementLength())
                + packet.sequenceNumber() + packet.timestamp() + packet.payloadLength();
    }

    /** wrap + read the ONVIF replay extension's NTP time. */
    @Benchmark
    public long parseWithOnvifExtension() {
        if (packet.wrap(onvifPacket, 0, onvifPacket.length) != RtpParseStatus.OK) {
            return -1;
        }
        return HeaderExtensions.onvifNtpTimestamp(packet) + packet.sequenceNumber() + packet.payloadLength();
    }
}
