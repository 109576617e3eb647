package dev.streamsync.bench.e2e;

import com.sun.management.OperatingSystemMXBean;
import dev.streamsync.api.Camera;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.spi.FrameSourceFactory;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.source.ReconnectBackoff;
import dev.streamsync.source.RtspFrameSourceFactory;
import dev.streamsync.spi.FrameSink;
import dev.streamsync.spi.FrameSource;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The streamsync consumer of {@link EndToEndBenchmark}, run in its own JVM so that its CPU time, heap
 * and RSS are its own: one {@link StreamSynchronizer} over the given URLs, the main thread taking
 * packets as an application does.
 *
 * <p>Latency of a frame = the UTC time (µs) at which {@code getFramePacket} returned its packet minus
 * the frame's UTC capture time. The camera's own latency (capture → decoded and stamped, before the
 * synchronizer) is taken by wrapping the RTSP frame sources' sinks; the report gives the slowest
 * camera's. With {@code --bgr} every frame's BGR24 view is made, as an application that wants BGR
 * (the reference system's default) does. {@code --no-mvs} turns motion-vector export off (it is on by
 * default, for parity with the reference system).
 *
 * <pre>java -cp benchmarks.jar dev.streamsync.bench.e2e.StreamsyncClient --warmup-s 5 --duration-s 15 [--bgr] [--no-mvs] URL...</pre>
 * Prints one {@link ClientResult} line.
 */
public final class StreamsyncClient {
    private StreamsyncClient() {
    }

    private static volatile boolean measuring;
    private static final Histogram LATENCY = new Histogram(3_600_000_000L, 3);

    public static void main(String[] args) throws Exception {
        double warmupS = 5;
        double durationS = 15;
        boolean bgr = false;
        boolean motionVectors = true;
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup-s" -> warmupS = Double.parseDouble(args[++i]);
                case "--duration-s" -> durationS = Double.parseDouble(args[++i]);
                case "--bgr" -> bgr = true;
                case "--no-mvs" -> motionVectors = false;
                default -> urls.add(args[i]);
            }
        }
        List<ConcurrentHistogram> own = new ArrayList<>();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RtspFrameSourceFactory rtsp = new RtspFrameSourceFactory(
                DecoderOptions.defaults().withMotionVectors(motionVectors), ReconnectBackoff.DEFAULT)) {
            FrameSourceFactory timed = (camera, index) -> {
                ConcurrentHistogram h = new ConcurrentHistogram(3_600_000_000L, 3);
                own.add(h);
                return new TimedSource(rtsp.create(camera, index), h);
            };
            StreamSynchronizer.Builder b = StreamSynchronizer.builder().sourceFactory(timed);
            urls.forEach(u -> b.camera(Camera.of(u)));
            try (StreamSynchronizer sync = b.build()) {
                long start = System.nanoTime();
                long measureFrom = start + (long) (warmupS * 1e9);
                long measureTo = measureFrom + (long) (durationS * 1e9);
                long cpuFrom = -1;
                ThreadProfile profile = null;
                long frames = 0;
                long packets = 0;
                long blackhole = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (cpuFrom < 0 && now >= measureFrom) {
                        cpuFrom = os.getProcessCpuTime();
                        profile = new ThreadProfile();
                        own.forEach(Histogram::reset);
                        measuring = true;
                    }
                    if (now >= measureTo) {
                        break;
                    }
                    FramePacket p;
                    try {
                        p = sync.getFramePacket(Duration.ofSeconds(1));
                    } catch (TimeoutException e) {
                        continue;
                    }
                    try (p) {
                        long returnedUtcMicros = utcMicros(Instant.now());
                        for (FrameData f : p) {
                            if (!f.hasFrame()) {
                                continue;
                            }
                            if (bgr) {
                                ByteBuffer view = f.bgr();
                                blackhole += view.get(view.limit() >> 1);
                            }
                            if (measuring) {
                                frames++;
                                LATENCY.recordValue(Math.max(0, returnedUtcMicros - f.captureTimeUtcMicros()));
                            }
                        }
                        if (measuring) {
                            packets++;
                        }
                    }
                }
                measuring = false;
                long cpuNanos = os.getProcessCpuTime() - cpuFrom;
                double seconds = (System.nanoTime() - measureFrom) / 1e9;
                String threads = profile.report(seconds);
                long own50 = 0;
                long own99 = 0;
                for (ConcurrentHistogram h : own) {
                    own50 = Math.max(own50, h.getValueAtPercentile(50));
                    own99 = Math.max(own99, h.getValueAtPercentile(99));
                }
                System.gc();
                double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
                double rssMb = ProcStat.rssKb(ProcStat.self()) / 1024.0;
                boolean any = LATENCY.getTotalCount() > 0;
                System.out.println(new ClientResult(urls.size(), seconds, cpuNanos / 1e9, frames, packets,
                        any ? LATENCY.getValueAtPercentile(50) : -1, any ? LATENCY.getValueAtPercentile(99) : -1,
                        own50, own99, heapMb, rssMb).toLine() + (blackhole == 42 ? " " : ""));
                System.out.println(threads);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    static long utcMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** A frame source whose sink records capture → decoded-and-stamped latency while measuring. */
    private record TimedSource(FrameSource delegate, ConcurrentHistogram histogram) implements FrameSource {
        @Override
        public void start(FrameSink sink) {
            delegate.start(new FrameSink() {
                @Override
                public void onFrame(Picture picture, long captureTimeUtcMicros, TimestampSource source) {
                    if (measuring) {
                        histogram.recordValue(Math.max(0, utcMicros(Instant.now()) - captureTimeUtcMicros));
                    }
                    sink.onFrame(picture, captureTimeUtcMicros, source);
                }

                @Override
                public void onReadError(String reason) {
                    sink.onReadError(reason);
                }

                @Override
                public void onBroken(CameraFailure failure) {
                    sink.onBroken(failure);
                }

                @Override
                public void onEnded(CameraFailure failure) {
                    sink.onEnded(failure);
                }

                @Override
                public void onRecovered() {
                    sink.onRecovered();
                }
            });
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
