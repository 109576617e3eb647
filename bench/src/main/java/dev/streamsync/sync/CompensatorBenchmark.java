package dev.streamsync.sync;

import dev.streamsync.clock.TimestampSource;
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

import java.util.concurrent.TimeUnit;

/**
 * Compensator engine throughput: one operation = one frame period of all cameras (N frames offered,
 * one packet emitted and consumed). Frames per second = operations per second x cameras.
 * Run: {@code java -jar bench/target/benchmarks.jar CompensatorBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompensatorBenchmark {
    @Param({"2", "8", "32", "64"})
    public int cameras;

    @Param({"NEAREST", "SEED"})
    public CompensatorConfig.Policy policy;

    private static final Object FRAME = new Object();
    private static final long PERIOD_MICROS = 33_333;

    private Compensator<Object> engine;
    private long[] phaseMicros;
    private long t;
    private Blackhole blackhole;
    private final PacketSink<Object> sink = packet -> {
        blackhole.consume(packet.referenceTimeUtcMicros());
        blackhole.consume(packet.spreadMicros());
    };

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        blackhole = bh;
        t = 1_700_000_000_000_000L;
        engine = new Compensator<>(CompensatorConfig.builder(cameras).policy(policy).build(), f -> { }, t);
        phaseMicros = new long[cameras];
        for (int c = 0; c < cameras; c++) {
            phaseMicros[c] = (c * 977L) % 5_000; // camera clocks a few ms apart, reference (0) earliest
        }
    }

    @Benchmark
    public long framePeriodOfAllCameras() {
        long now = t + 20_000;
        for (int c = 0; c < cameras; c++) {
            engine.onFrame(c, FRAME, t + phaseMicros[c], TimestampSource.RTCP_SR, now);
        }
        long packets = 0;
        while (engine.poll(now, sink)) {
            packets++;
        }
        t += PERIOD_MICROS;
        return packets;
    }
}
