package dev.streamsync.rtp;

import dev.streamsync.rtp.h264.H264Depacketizer;
import dev.streamsync.rtp.h265.H265Depacketizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Depacketizer throughput: one benchmark operation pushes every RTP payload of one access unit
 * ({@code unitBytes} of slice data, fragmented as a camera does: FU-A / FU of at most 1400 bytes,
 * preceded by an aggregation packet with the parameter sets on keyframes). MB/s = ops/s × unitBytes.
 * Run with {@code -prof gc} for the allocation per operation (divide by the packets per unit for
 * the allocation per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DepacketizerBenchmark {
    private static final int MTU_PAYLOAD = 1400;

    @Param({"H264", "H265"})
    public String codec;

    /** Slice bytes per access unit: a small P frame and a 1080p keyframe-sized unit. */
    @Param({"8000", "150000"})
    public int unitBytes;

    private Depacketizer depacketizer;
    private byte[][] payloads;
    private boolean[] markers;
    private int sequence;
    private long rtpTimestamp;
    private Blackhole sinkHole;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        sinkHole = blackhole;
        AccessUnitSink sink = au -> sinkHole.consume(au.length());
        List<byte[]> packets = new ArrayList<>();
        Random random = new Random(1);
        byte[] slice = new byte[unitBytes];
        random.nextBytes(slice);
        if (codec.equals("H264")) {
            depacketizer = new H264Depacketizer(8 << 20, new byte[0][], sink);
            slice[0] = 0x41; // non-IDR slice, NRI 2
            packets.add(new byte[] {0x78, 0, 4, 0x67, 0x42, 0x00, 0x1f, 0, 4, 0x68, (byte) 0xce, 0x3c, (byte) 0x80});
            for (int pos = 1; pos < slice.length; pos += MTU_PAYLOAD) {
                int n = Math.min(MTU_PAYLOAD, slice.length - pos);
                byte[] p = new byte[2 + n];
                p[0] = (byte) ((slice[0] & 0xE0) | 28);
                p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + n == slice.length ? 0x40 : 0) | (slice[0] & 0x1F));
                System.arraycopy(slice, pos, p, 2, n);
                packets.add(p);
            }
        } else {
            depacketizer = new H265Depacketizer(8 << 20, new byte[0][], false, sink);
            slice[0] = 0x02; // TRAIL_R
            slice[1] = 0x01;
            packets.add(new byte[] {0x60, 0x01, 0, 3, 0x40, 0x01, 0x0c, 0, 3, 0x42, 0x01, 0x01, 0, 3, 0x44, 0x01, (byte) 0xc1});
            for (int pos = 2; pos < slice.length; pos += MTU_PAYLOAD) {
                int n = Math.min(MTU_PAYLOAD, slice.length - pos);
                byte[] p = new byte[3 + n];
                p[0] = (byte) ((slice[0] & 0x81) | (49 << 1));
                p[1] = slice[1];
                p[2] = (byte) ((pos == 2 ? 0x80 : 0) | (pos + n == slice.length ? 0x40 : 0) | ((slice[0] >> 1) & 0x3F));
                System.arraycopy(slice, pos, p, 3, n);
                packets.add(p);
            }
        }
        payloads = packets.toArray(new byte[0][]);
        markers = new boolean[payloads.length];
        markers[markers.length - 1] = true;
    }

    /** Packets per operation (for the allocation per packet). */
    public int packetsPerUnit() {
        return payloads.length;
    }

    @Benchmark
    public int depacketizeOneAccessUnit() {
        rtpTimestamp += 3000;
        int emitted = 0;
        long now = rtpTimestamp;
        for (int i = 0; i < payloads.length; i++) {
            byte[] p = payloads[i];
            PushResult r = depacketizer.push(p, 0, p.length, sequence, rtpTimestamp, markers[i], now);
            sequence = (sequence + 1) & 0xFFFF;
            if (r == PushResult.EMITTED) {
                emitted++;
            }
        }
        return emitted;
    }
}
