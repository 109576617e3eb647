package dev.streamsync.bench.e2e;

import dev.streamsync.sync.CameraState;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraStats;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.SynchronizerStats;
import dev.streamsync.sim.EncodingMode;
import dev.streamsync.sim.SimulatedCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.bytedeco.javacpp.Pointer;

/**
 * Soak run: simulated cameras in this process, one {@link StreamSynchronizer} over all of them, an
 * application thread taking every packet (and its BGR view), and a fault thread breaking a random
 * camera every few seconds (stop and start, restart, abrupt disconnect, bursts of packet loss, send
 * delay changes). Every interval it prints heap used after a full GC, RSS, live threads, JVM-tracked
 * native memory (JavaCPP, direct buffers) and delivery counters; at the end it compares the second
 * half of the samples with the first and prints PASS or FAIL for each, and overall.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.streamsync.bench.e2e.SoakRun [--minutes 10] [--interval-s 30]
 *     [--cameras 8] [--width 320] [--height 240] [--fps 15] [--live] [--fault-every-s 4] [--seed N]
 * </pre>
 * Exit status 0 on PASS, 1 on FAIL. The first sample (start-up) is not part of the comparison.
 */
public final class SoakRun {
    private SoakRun() {
    }

    /** One periodic reading. */
    private record Sample(double minutes, double heapMb, double jvmCommittedMb, double rssMb, double threads, double streamsyncThreads,
                          double javacppMb, double directMb, double nettyMb, long packets, long okFrames, long faults) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        int intervalS = 30;
        int count = 8;
        int width = 320;
        int height = 240;
        int fps = 15;
        boolean live = false;
        double faultEveryS = 4;
        long seed = 42;
        int basePort = 18554;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--interval-s" -> intervalS = Integer.parseInt(args[++i]);
                case "--cameras" -> count = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--fps" -> fps = Integer.parseInt(args[++i]);
                case "--live" -> live = true;
                case "--fault-every-s" -> faultEveryS = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--base-port" -> basePort = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EventLoopGroup group = SimulatedCamera.newEventLoopGroup(2);
        List<SimulatedCamera> cameras = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimulatedCamera cam = SimulatedCamera.builder().width(width).height(height).fps(fps).path("cam" + i)
                    // Fixed ports below Linux's ephemeral range (32768-60999): a stopped camera's port
                    // cannot be taken by an outgoing connection before it starts again.
                    .port(basePort + i)
                    .encodingMode(live ? EncodingMode.LIVE : EncodingMode.PRE_ENCODED)
                    .senderReportInterval(Duration.ofSeconds(1)).eventLoopGroup(group).seed(seed + i).build();
            cam.start();
            cameras.add(cam);
        }
        StreamSynchronizer.Builder b = StreamSynchronizer.builder().idleTimeout(Duration.ofSeconds(1));
        cameras.forEach(c -> b.camera(Camera.of(c.url())));
        AtomicLong packets = new AtomicLong();
        AtomicLong okFrames = new AtomicLong();
        AtomicLong faults = new AtomicLong();
        List<Sample> samples = new ArrayList<>();
        long startNanos = System.nanoTime();
        long endNanos = startNanos + (long) (minutes * 60e9);
        ScheduledExecutorService faulter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-faults");
            t.setDaemon(true);
            return t;
        });
        try (StreamSynchronizer sync = b.build()) {
            Thread app = new Thread(() -> consume(sync, packets, okFrames), "soak-app");
            app.start();
            SplittableRandom random = new SplittableRandom(seed);
            scheduleFault(faulter, cameras, random, faultEveryS, faults);
            System.out.printf(Locale.ROOT, "soak: %d cameras %dx%d@%d %s, %.1f min, fault every ~%.0f s, sample every %d s%n",
                    count, width, height, fps, live ? "LIVE" : "PRE_ENCODED", minutes, faultEveryS, intervalS);
            System.out.println("  min | heap after GC MB | JVM committed MB | RSS MB | threads | streamsync-* | JavaCPP MB | direct MB | Netty alloc MB | packets | OK frames | faults | camera states");
            while (System.nanoTime() < endNanos) {
                long wait = Math.min(intervalS * 1_000_000_000L, endNanos - System.nanoTime());
                TimeUnit.NANOSECONDS.sleep(Math.max(0, wait));
                Sample s = sample((System.nanoTime() - startNanos) / 60e9, packets.get(), okFrames.get(), faults.get());
                samples.add(s);
                SynchronizerStats st = sync.stats();
                StringBuilder states = new StringBuilder();
                for (CameraStats c : st.cameras()) {
                    states.append(c.state().name().charAt(0));
                }
                System.out.printf(Locale.ROOT, "%5.1f | %16.1f | %16.1f | %6.1f | %7.0f | %12.0f | %10.1f | %9.1f | %14.1f | %7d | %9d | %6d | %s%n",
                        s.minutes, s.heapMb, s.jvmCommittedMb, s.rssMb, s.threads, s.streamsyncThreads, s.javacppMb, s.directMb, s.nettyMb,
                        s.packets, s.okFrames, s.faults, states);
            }
            faulter.shutdownNow();
            faulter.awaitTermination(5, TimeUnit.SECONDS);
            // Heal every camera and check that all of them deliver again: a run that ends broken is a failure too.
            for (SimulatedCamera c : cameras) {
                c.setPacketLossProbability(0);
                c.setSendDelay(Duration.ZERO);
                try {
                    c.start();
                } catch (RuntimeException e) {
                    System.out.println("camera start failed at healing: " + e);
                }
            }
            long okBefore = okFrames.get();
            boolean allRecovered = awaitAllStreaming(sync, Duration.ofSeconds(20));
            Thread.sleep(3000); // frames must keep coming after every camera is back
            app.interrupt();
            app.join(5000);
            boolean pass = verdict(samples, allRecovered, okFrames.get() - okBefore);
            sync.close();
            cameras.forEach(SimulatedCamera::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            System.out.println(pass ? "SOAK PASS" : "SOAK FAIL");
            System.exit(pass ? 0 : 1);
        }
    }

    private static void consume(StreamSynchronizer sync, AtomicLong packets, AtomicLong okFrames) {
        long sink = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(1))) {
                packets.incrementAndGet();
                for (FrameData f : p) {
                    if (f.hasFrame()) {
                        ByteBuffer bgr = f.bgr();
                        sink += bgr.get(bgr.limit() / 2);
                        okFrames.incrementAndGet();
                    }
                }
            } catch (TimeoutException e) {
                // no packet this second (every camera down at once): keep waiting
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                System.out.println("application thread: " + e);
                return;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** Schedules the next fault after a random 0.5x-1.5x of the mean interval, and so on. */
    private static void scheduleFault(ScheduledExecutorService ex, List<SimulatedCamera> cameras, SplittableRandom random,
                                      double everyS, AtomicLong faults) {
        long delayMs = (long) (everyS * 1000 * (0.5 + random.nextDouble()));
        ex.schedule(() -> {
            try {
                injectFault(ex, cameras, random, faults);
            } catch (Throwable e) { // the chain of faults must go on whatever one of them throws
                System.out.println("fault injection: " + e);
            }
            scheduleFault(ex, cameras, random, everyS, faults);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private static void injectFault(ScheduledExecutorService ex, List<SimulatedCamera> cameras, SplittableRandom random,
                                    AtomicLong faults) {
        SimulatedCamera cam = cameras.get(random.nextInt(cameras.size()));
        faults.incrementAndGet();
        switch (random.nextInt(5)) {
            case 0 -> { // camera down for 1-5 s
                cam.stop();
                ex.schedule(() -> startOrRetry(ex, cam, 10), 1000 + random.nextInt(4000), TimeUnit.MILLISECONDS);
            }
            case 1 -> { // new SSRC and RTP base: clients are cut off and reconnect
                cam.stop();
                startOrRetry(ex, cam, 10);
            }
            case 2 -> cam.disconnect(); // TCP reset of every session
            case 3 -> { // loss burst for 1-4 s
                cam.setPacketLossProbability(0.02 + 0.1 * random.nextDouble());
                ex.schedule(() -> cam.setPacketLossProbability(0), 1000 + random.nextInt(3000), TimeUnit.MILLISECONDS);
            }
            default -> cam.setSendDelay(Duration.ofMillis(random.nextInt(400)));
        }
    }

    /** Starts the camera; if that fails (its port is taken), says so and tries again a second later. */
    private static void startOrRetry(ScheduledExecutorService ex, SimulatedCamera cam, int attemptsLeft) {
        try {
            cam.start();
        } catch (Throwable e) {
            System.out.println("camera start failed (" + attemptsLeft + " attempts left): " + e);
            if (attemptsLeft > 0) {
                ex.schedule(() -> startOrRetry(ex, cam, attemptsLeft - 1), 1, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean awaitAllStreaming(StreamSynchronizer sync, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (sync.stats().cameras().stream().allMatch(c -> c.state() == CameraState.STREAMING)) {
                return true;
            }
            Thread.sleep(200);
        }
        System.out.println("cameras not streaming after the faults stopped: "
                + sync.stats().cameras().stream().map(c -> c.name() + "=" + c.state()).toList());
        return false;
    }

    private static Sample sample(double minutes, long packets, long okFrames, long faults) {
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        // Heap and non-heap (code cache, metaspace) the JVM has committed: RSS above this is native
        // memory outside the JVM's own accounting (FFmpeg, malloc arenas, thread stacks).
        double jvmCommittedMb = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()
                + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted()) / 1048576.0;
        double rssMb = ProcStat.rssKb(ProcStat.self()) / 1024.0;
        long streamsyncThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("streamsync-")).count();
        double directMb = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum() / 1048576.0;
        return new Sample(minutes, heapMb, jvmCommittedMb, rssMb, ManagementFactory.getThreadMXBean().getThreadCount(), streamsyncThreads,
                Pointer.totalBytes() / 1048576.0, directMb,
                nettyAllocatorMb(), packets, okFrames, faults);
    }

    /**
     * Memory held by Netty's default allocator (the adaptive one in Netty 4.2): direct memory the JDK's
     * buffer-pool bean does not count. -1 when the allocator reports no metric.
     */
    private static double nettyAllocatorMb() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            return (p.metric().usedDirectMemory() + p.metric().usedHeapMemory()) / 1048576.0;
        }
        return -1;
    }

    /** Second half vs first half (the first sample, start-up, excluded): medians within bounds. */
    private static boolean verdict(List<Sample> samples, boolean allRecovered, long framesAfterHealing) {
        List<Sample> steady = samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
        int half = steady.size() / 2;
        List<Sample> first = steady.subList(0, half);
        List<Sample> second = steady.subList(half, steady.size());
        if (first.isEmpty()) {
            System.out.println("FAIL: too few samples for a comparison (run longer)");
            return false;
        }
        boolean pass = true;
        pass &= check("heap after GC (MB)", first, second, Sample::heapMb, 0.25, 16);
        pass &= check("RSS (MB)", first, second, Sample::rssMb, 0.10, 48);
        pass &= check("threads", first, second, Sample::threads, 0, 4);
        pass &= check("streamsync-* threads", first, second, Sample::streamsyncThreads, 0, 2);
        pass &= check("JavaCPP native (MB)", first, second, Sample::javacppMb, 0.10, 16);
        pass &= check("direct buffers (MB)", first, second, Sample::directMb, 0.10, 16);
        long packets = samples.get(samples.size() - 1).packets - samples.get(0).packets;
        boolean flowing = packets > 0 && framesAfterHealing > 0 && allRecovered;
        System.out.printf(Locale.ROOT, "%s: packets after start-up %d, all cameras streaming after healing %s, frames since healing %d%n",
                flowing ? "PASS" : "FAIL", packets, allRecovered, framesAfterHealing);
        return pass && flowing;
    }

    private static boolean check(String what, List<Sample> first, List<Sample> second, ToDoubleFunction<Sample> metric,
                                 double relative, double absolute) {
        double a = median(first, metric);
        double b = median(second, metric);
        boolean ok = b <= a * (1 + relative) + absolute;
        System.out.printf(Locale.ROOT, "%s: %s median first half %.1f, second half %.1f (bound %.1f)%n",
                ok ? "PASS" : "FAIL", what, a, b, a * (1 + relative) + absolute);
        return ok;
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double[] v = samples.stream().mapToDouble(metric).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
