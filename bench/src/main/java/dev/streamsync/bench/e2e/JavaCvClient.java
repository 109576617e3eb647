package dev.streamsync.bench.e2e;

import static org.bytedeco.ffmpeg.global.avutil.AV_FRAME_DATA_SEI_UNREGISTERED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_side_data;

import com.sun.management.OperatingSystemMXBean;
import dev.streamsync.sim.h264.CaptureTimeSei;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVFrameSideData;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The JavaCV baseline of {@link EndToEndBenchmark}: what a Java user writes today. One thread per
 * camera, each an {@link FFmpegFrameGrabber} over RTSP/TCP converting to BGR24, in a {@code grab()}
 * loop. Run in its own JVM.
 *
 * <p>JavaCV gives no capture time. Latency is measured only when the stream carries our
 * capture-time SEI (simulated cameras, see {@link CaptureTimeSei}): FFmpeg exports it as
 * {@code AV_FRAME_DATA_SEI_UNREGISTERED} side data of the decoded {@code AVFrame}, which the grabber
 * keeps in a private field read here by reflection (an observer's trick, not what a user would
 * write); latency = wall time when {@code grab()} returned − that capture time. Without the SEI
 * (GStreamer's server) latency is reported as -1 (n/a).
 *
 * <pre>java -cp benchmarks.jar dev.streamsync.bench.e2e.JavaCvClient --warmup-s 5 --duration-s 15 URL...</pre>
 */
public final class JavaCvClient {
    private JavaCvClient() {
    }

    private static volatile boolean measuring;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        double warmupS = 5;
        double durationS = 15;
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup-s" -> warmupS = Double.parseDouble(args[++i]);
                case "--duration-s" -> durationS = Double.parseDouble(args[++i]);
                default -> urls.add(args[i]);
            }
        }
        Field pictureField = FFmpegFrameGrabber.class.getDeclaredField("picture");
        pictureField.setAccessible(true);
        LongAdder frames = new LongAdder();
        List<Histogram> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String url : urls) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            latencies.add(h);
            Thread t = new Thread(() -> grabLoop(url, pictureField, frames, h), "javacv-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep((long) (warmupS * 1000));
        long cpuFrom = os.getProcessCpuTime();
        long wallFrom = System.nanoTime();
        frames.reset();
        for (Histogram h : latencies) {
            synchronized (h) {
                h.reset();
            }
        }
        measuring = true;
        Thread.sleep((long) (durationS * 1000));
        measuring = false;
        long cpuNanos = os.getProcessCpuTime() - cpuFrom;
        double seconds = (System.nanoTime() - wallFrom) / 1e9;
        long count = frames.sum();
        Histogram all = new Histogram(3_600_000_000L, 3);
        for (Histogram h : latencies) {
            synchronized (h) {
                all.add(h);
            }
        }
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        double rssMb = ProcStat.rssKb(ProcStat.self()) / 1024.0;
        boolean any = all.getTotalCount() > 0;
        System.out.println(new ClientResult(urls.size(), seconds, cpuNanos / 1e9, count, -1,
                any ? all.getValueAtPercentile(50) : -1, any ? all.getValueAtPercentile(99) : -1, -1, -1, heapMb, rssMb).toLine());
        System.out.flush();
        stop = true;
        System.exit(0);
    }

    private static void grabLoop(String url, Field pictureField, LongAdder frames, Histogram latency) {
        byte[] sei = new byte[24];
        byte[] uuid = uuidBytes();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setPixelFormat(AV_PIX_FMT_BGR24);
            grabber.start();
            while (!stop) {
                Frame frame = grabber.grab();
                if (frame == null) {
                    System.err.println(url + ": end of stream");
                    return;
                }
                if (frame.image == null || !measuring) {
                    continue;
                }
                long nowMicros = StreamsyncClient.utcMicros(Instant.now());
                frames.increment();
                AVFrame picture = (AVFrame) pictureField.get(grabber);
                AVFrameSideData sd = picture == null ? null : av_frame_get_side_data(picture, AV_FRAME_DATA_SEI_UNREGISTERED);
                if (sd != null && sd.size() >= 24) {
                    sd.data().get(sei, 0, 24);
                    if (java.util.Arrays.equals(sei, 0, 16, uuid, 0, 16)) {
                        long capture = 0;
                        for (int i = 16; i < 24; i++) {
                            capture = (capture << 8) | (sei[i] & 0xFF);
                        }
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, nowMicros - capture));
                        }
                    }
                }
            }
        } catch (Exception e) {
            System.err.println(url + ": " + e);
        }
    }

    private static byte[] uuidBytes() {
        byte[] out = new byte[16];
        long msb = CaptureTimeSei.UUID.getMostSignificantBits();
        long lsb = CaptureTimeSei.UUID.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }
}
