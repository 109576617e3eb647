package dev.streamsync.decode;

import dev.streamsync.picture.PixelFormat;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_close;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_parse2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decode cost of {@link VideoDecoder} next to the ffmpeg command line on the same clips, in one run.
 *
 * <p>Clips: 300 frames of {@code testsrc2} at 1280x720 and 1920x1080, 25 fps, libx264 without
 * B-frames (like most cameras), GOP 50, made with the installed ffmpeg. CPU time, not wall time: our
 * decoder thread's CPU time ({@link ThreadMXBean}) against ffmpeg's own {@code -benchmark} report
 * (user + system time of the whole process, so it includes ffmpeg's start-up and demuxing; the clip is
 * decoded {@value #PASSES} times with {@code -stream_loop} to amortize it). One decoding thread on both
 * sides ({@code -threads 1}, {@code -filter_threads 1}).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.streamsync.decode.DecodeBenchmark [workdir]}
 */
public final class DecodeBenchmark {
    static final int FRAMES = 300;
    static final int PASSES = 3;
    static final int REPEATS = 2;
    static volatile long blackhole;
    static final Pattern BENCH = Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s");

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("decode-bench");
        Files.createDirectories(dir);
        System.out.println("| clip | pipeline | frames/s per core | CPU per frame (ms) | vs ffmpeg CLI |");
        System.out.println("|---|---|---:|---:|---:|");
        for (int[] size : new int[][] {{1280, 720, 2}, {1920, 1080, 4}}) {
            String label = size[1] + "p";
            Path clip = dir.resolve("bench" + label + ".h264");
            run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + size[0] + "x" + size[1] + ":rate=25", "-frames:v", Integer.toString(FRAMES),
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "medium", "-bf", "0", "-g", "50",
                    "-b:v", size[2] + "M", "-f", "h264", clip.toString()));
            // The same bitstream in Matroska for the ffmpeg command line: a raw stream cannot be looped.
            Path mkv = dir.resolve("bench" + label + ".mkv");
            run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.toString(), "-c", "copy", mkv.toString()));
            List<AccessUnit> units = split(Files.readAllBytes(clip));
            if (units.size() != FRAMES) {
                throw new IllegalStateException("parser found " + units.size() + " units");
            }
            // Each figure is the best of REPEATS interleaved runs: the machine is shared, and the
            // minimum is the least disturbed measurement for both sides alike.
            double ffDecode = Double.MAX_VALUE, ffBgr = Double.MAX_VALUE, decode = Double.MAX_VALUE,
                    mvs = Double.MAX_VALUE, bgr = Double.MAX_VALUE, mvsBgr = Double.MAX_VALUE;
            for (int r = 0; r < REPEATS; r++) {
                ffDecode = Math.min(ffDecode, ffmpegCpuPerFrame(mkv, false));
                decode = Math.min(decode, ours(units, false, false));
                mvs = Math.min(mvs, ours(units, true, false));
                ffBgr = Math.min(ffBgr, ffmpegCpuPerFrame(mkv, true));
                bgr = Math.min(bgr, ours(units, false, true));
                mvsBgr = Math.min(mvsBgr, ours(units, true, true));
            }
            row(label, "ffmpeg CLI `-f null` (decode)", ffDecode, ffDecode);
            row(label, "ffmpeg CLI `-pix_fmt bgr24 -f null`", ffBgr, ffBgr);
            row(label, "VideoDecoder, decode only", decode, ffDecode);
            row(label, "VideoDecoder + motion vectors", mvs, ffDecode);
            row(label, "VideoDecoder + BGR24 view", bgr, ffBgr);
            row(label, "VideoDecoder + motion vectors + BGR24", mvsBgr, ffBgr);
        }
    }

    static void row(String clip, String what, double cpuSecondsPerFrame, double ffmpegSecondsPerFrame) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2fx CPU |%n", clip, what, 1 / cpuSecondsPerFrame,
                cpuSecondsPerFrame * 1000, cpuSecondsPerFrame / ffmpegSecondsPerFrame);
    }

    /** CPU seconds per frame of our decoder on this thread; one warm-up pass, then PASSES measured. */
    static double ours(List<AccessUnit> units, boolean motionVectors, boolean bgr) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        DecoderOptions options = DecoderOptions.defaults().withMotionVectors(motionVectors);
        long[] sink = {0};
        DecodedPictureSink consumer = picture -> {
            try {
                if (bgr) {
                    sink[0] += picture.view(PixelFormat.BGR24).get(0);
                }
                sink[0] += picture.motionVectors().rows();
            } finally {
                picture.release();
            }
        };
        long cpu = 0;
        long frames = 0;
        try (VideoDecoder decoder = new VideoDecoder("bench", VideoCodec.H264, options)) {
            for (int pass = 0; pass <= PASSES; pass++) {
                long before = decoder.stats().pictures();
                long t0 = mx.getCurrentThreadCpuTime();
                for (AccessUnit au : units) {
                    decoder.decode(au, consumer);
                }
                decoder.flush(consumer);
                if (pass > 0) {
                    cpu += mx.getCurrentThreadCpuTime() - t0;
                    frames += decoder.stats().pictures() - before;
                }
            }
        }
        if (frames != (long) PASSES * FRAMES) {
            throw new IllegalStateException("decoded " + frames + " frames");
        }
        blackhole += sink[0];
        return cpu / 1e9 / frames;
    }

    static double ffmpegCpuPerFrame(Path clip, boolean bgr) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-benchmark", "-threads", "1",
                "-stream_loop", Integer.toString(PASSES - 1), "-i", clip.toString(), "-filter_threads", "1"));
        if (bgr) {
            cmd.addAll(List.of("-pix_fmt", "bgr24"));
        }
        cmd.addAll(List.of("-f", "null", "-"));
        String out = run(cmd);
        Matcher m = BENCH.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no -benchmark line in ffmpeg output:\n" + out);
        }
        Matcher frames = Pattern.compile("frame=\\s*(\\d+)").matcher(out);
        long n = 0;
        while (frames.find()) {
            n = Long.parseLong(frames.group(1));
        }
        if (n != (long) PASSES * FRAMES) {
            throw new IllegalStateException("ffmpeg decoded " + n + " frames:\n" + out);
        }
        return (Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2))) / n;
    }

    /** Splits a raw H.264 stream into access units with libavcodec's own parser. */
    static List<AccessUnit> split(byte[] stream) {
        List<AccessUnit> units = new ArrayList<>();
        AVCodecParserContext parser = av_parser_init(AV_CODEC_ID_H264);
        AVCodecContext ctx = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        BytePointer in = new BytePointer(stream.length + 64);
        in.put(stream, 0, stream.length);
        PointerPointer<BytePointer> outData = new PointerPointer<>(1);
        IntPointer outSize = new IntPointer(1);
        try {
            long offset = 0;
            boolean flushing = false;
            while (true) {
                int remaining = flushing ? 0 : (int) (stream.length - offset);
                int used = av_parser_parse2(parser, ctx, outData, outSize, in.position(offset), remaining,
                        AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
                offset += used;
                int size = outSize.get();
                if (size > 0) {
                    byte[] bytes = new byte[size];
                    new BytePointer(outData.get(0)).capacity(size).get(bytes);
                    units.add(new AccessUnit(size).codec(VideoCodec.H264).append(bytes, 0, size)
                            .rtpTimestamp(units.size() * 3600L).keyframe(parser.key_frame() == 1));
                } else if (flushing) {
                    break;
                }
                if (offset >= stream.length) {
                    flushing = true;
                }
            }
        } finally {
            av_parser_close(parser);
            avcodec_free_context(ctx);
            in.close();
            outData.close();
            outSize.close();
        }
        return units;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + cmd + "\n" + out);
        }
        return out;
    }
}
