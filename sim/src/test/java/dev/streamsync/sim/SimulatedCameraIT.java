package dev.streamsync.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.sim.rtsp.AuthScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A third-party client (FFmpeg's command line tools, Debian package {@code ffmpeg}) plays simulated
 * cameras: proof that the RTSP, SDP, RTP and H.264 they produce are what real clients expect.
 */
class SimulatedCameraIT {

    private static final String FFMPEG = "/usr/bin/ffmpeg";
    private static final String FFPROBE = "/usr/bin/ffprobe";

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The frame count of ffmpeg's last progress line ("frame=   50 ..."). */
    private static int framesDecoded(String stderr) {
        Matcher m = Pattern.compile("frame=\\s*(\\d+)").matcher(stderr);
        int frames = -1;
        while (m.find()) {
            frames = Integer.parseInt(m.group(1));
        }
        return frames;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void ffmpegDecodesFiftyFrames(String transport, @TempDir Path dir) throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(240).fps(25).onvifExtension(true).build()) {
            cam.start();
            Result r = run(dir, FFMPEG, "-nostdin", "-hide_banner", "-rtsp_transport", transport, "-i", cam.url().toString(),
                    "-frames:v", "50", "-f", "null", "-");
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(50, framesDecoded(r.stderr()), r.stderr());
            assertTrue(r.stderr().contains("h264 (Constrained Baseline)"), r.stderr());
        }
    }

    @Test
    void ffprobeSeesKeyframesAndPredictedFramesOfTheRightSize(@TempDir Path dir) throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(240).fps(25).build()) {
            cam.start();
            Result r = run(dir, FFPROBE, "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v",
                    "-show_entries", "frame=pict_type,width,height", "-of", "csv=p=0", "-read_intervals", "%+#40",
                    cam.url().toString());
            assertEquals(0, r.exitCode(), r.stderr());
            List<String> lines = new ArrayList<>(r.stdout().lines().filter(l -> !l.isBlank())
                    .map(l -> l.replaceAll(",+$", "")).toList());
            assertTrue(lines.size() >= 30, r.stdout());
            assertEquals("320,240,I", lines.get(0), "playback starts on an IDR");
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(",P")), "predicted frames follow");
        }
    }

    @Test
    void paintedCaptureTimesSurviveRtspAndFfmpegDecoding(@TempDir Path dir) throws Exception {
        int w = 320;
        int h = 240;
        try (SimulatedCamera cam = SimulatedCamera.builder().width(w).height(h).fps(25).build()) {
            cam.start();
            long before = cam.nowUtcMicros();
            Path raw = dir.resolve("frames.gray");
            Result r = run(dir, FFMPEG, "-nostdin", "-hide_banner", "-rtsp_transport", "tcp", "-i", cam.url().toString(),
                    // passthrough: the rawvideo muxer would otherwise make the output constant-rate,
                    // duplicating a frame whenever arrival jitter stretches the gap between two.
                    "-fps_mode", "passthrough", "-frames:v", "20", "-f", "rawvideo", "-pix_fmt", "gray", raw.toString());
            long after = cam.nowUtcMicros();
            assertEquals(0, r.exitCode(), r.stderr());
            byte[] all = Files.readAllBytes(raw);
            assertEquals(20 * w * h, all.length);
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < 20; i++) {
                byte[] luma = java.util.Arrays.copyOfRange(all, i * w * h, (i + 1) * w * h);
                long micros = dev.streamsync.sim.picture.CaptureTimeCode.read(luma, w, h, w);
                assertTrue(micros >= before && micros <= after, "frame " + i + " time " + micros + " not in [" + before + ", " + after + "]");
                assertTrue(micros > previous, "capture times increase");
                previous = micros;
            }
        }
    }

    @Test
    void ffmpegPlaysPreEncodedCamera(@TempDir Path dir) throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(640).height(360).fps(30)
                .encodingMode(EncodingMode.PRE_ENCODED).preEncodedLoop(java.time.Duration.ofSeconds(1)).build()) {
            cam.start();
            Result r = run(dir, FFMPEG, "-nostdin", "-hide_banner", "-rtsp_transport", "tcp", "-i", cam.url().toString(),
                    "-frames:v", "45", "-f", "null", "-");
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(45, framesDecoded(r.stderr()), "plays across the loop's wrap-around: " + r.stderr());
        }
    }

    @Test
    void ffmpegAuthenticatesWithDigestAndIsRefusedWithAWrongPassword(@TempDir Path dir) throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(240).fps(25).credentials("alice", "s3cret")
                .authSchemes(AuthScheme.DIGEST_MD5, AuthScheme.DIGEST_SHA256).build()) {
            cam.start();
            Result ok = run(dir, FFMPEG, "-nostdin", "-hide_banner", "-rtsp_transport", "tcp", "-i",
                    cam.urlWithCredentials().toString(), "-frames:v", "10", "-f", "null", "-");
            assertEquals(0, ok.exitCode(), ok.stderr());
            assertEquals(10, framesDecoded(ok.stderr()));

            long failuresBefore = cam.stats().authenticationFailures.sum();
            String wrong = "rtsp://alice:wrong@127.0.0.1:" + cam.port() + "/cam";
            Result refused = run(dir, FFMPEG, "-nostdin", "-hide_banner", "-rtsp_transport", "tcp", "-i", wrong,
                    "-frames:v", "10", "-f", "null", "-");
            assertNotEquals(0, refused.exitCode());
            assertTrue(refused.stderr().contains("401"), refused.stderr());
            assertTrue(cam.stats().authenticationFailures.sum() > failuresBefore);
        }
    }
}
