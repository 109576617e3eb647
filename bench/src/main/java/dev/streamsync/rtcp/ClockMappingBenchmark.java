package dev.streamsync.rtcp;

import dev.streamsync.clock.ClockEstimator;
import dev.streamsync.clock.Ntp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Reading the published mapping and converting one frame's RTP time to UTC (the decoder thread's path). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClockMappingBenchmark {
    private final ClockEstimator clock = new ClockEstimator(90_000);
    private long rtpTimestamp;

    public ClockMappingBenchmark() {
        long utcMicros = 1_750_000_000_000_000L;
        for (int i = 0; i < 20; i++) {
            long rtp = 1_000L + i * 450_000L;
            clock.onSenderReport(Ntp.unixMicrosToNtp(utcMicros + i * 5_000_000L + (i % 3) * 100), rtp);
        }
        rtpTimestamp = 1_000L + 19 * 450_000L;
    }

    @Benchmark
    public long toUtcMicros() {
        rtpTimestamp += 3000;
        return clock.mapping().toUtcMicros(rtpTimestamp);
    }
}
