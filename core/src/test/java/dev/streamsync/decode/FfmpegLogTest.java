package dev.streamsync.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.VideoCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's log through SLF4J, rate-limited, never raw on the process's stderr. */
class FfmpegLogTest {
    /** A line as FFmpeg's default callback prints it: {@code [h264 @ 0x55d0c8a4b2c0] ...}. */
    private static final Pattern RAW_FFMPEG_LINE = Pattern.compile("^\\[[a-z0-9_]+ @ 0x[0-9a-f]+\\]", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private record Child(String stdout, String stderr) {
    }

    /** Runs {@link FfmpegLogChild} in a JVM of its own (its fd 2 is a pipe we read), SLF4J writing to stdout. */
    private Child child(String mode, Path annexB) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.showThreadName=false",
                FfmpegLogChild.class.getName(), mode, annexB.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "child failed:\n" + stdout + "\n" + stderr);
        return new Child(stdout, stderr);
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void damagedFramesLogThroughSlf4jRateLimitedAndNothingReachesTheNativeStderr() throws Exception {
        TestClips.make(dir, "flood", VideoCodec.H264, "testsrc2=size=320x240:rate=25", 250, "-bf", "0", "-g", "250");
        Path annexB = dir.resolve("flood.h264");

        // The control: FFmpeg's default callback writes to fd 2, which this test sees.
        Child raw = child("raw", annexB);
        int rawLines = count(RAW_FFMPEG_LINE, raw.stderr());
        assertTrue(rawLines > 200, "the damaged stream makes FFmpeg log a flood: " + rawLines + " lines\n" + raw.stderr());

        Child routed = child("streamsync", annexB);
        assertEquals(0, count(RAW_FFMPEG_LINE, routed.stderr()), "raw FFmpeg lines on stderr:\n" + routed.stderr());
        assertEquals("", routed.stderr().strip(), "nothing at all on stderr");
        Matcher totals = Pattern.compile("lines=(\\d+) suppressed=(\\d+)").matcher(routed.stdout());
        assertTrue(totals.find(), routed.stdout());
        long lines = Long.parseLong(totals.group(1));
        long suppressed = Long.parseLong(totals.group(2));
        int logged = count(Pattern.compile("^\\S+ " + Pattern.quote(FfmpegLog.LOGGER_NAME) + " - ", Pattern.MULTILINE),
                routed.stdout());
        System.out.println("damaged stream: " + rawLines + " raw FFmpeg lines on stderr without the callback; with it "
                + count(RAW_FFMPEG_LINE, routed.stderr()) + " on stderr, " + lines + " through the callback, " + logged
                + " logged, " + suppressed + " suppressed");
        assertTrue(lines > 200, "FFmpeg's lines reached the callback: " + lines);
        assertTrue(logged >= 1 && logged <= FfmpegLog.LINES_PER_INTERVAL + 1, logged + " lines logged:\n" + routed.stdout());
        assertEquals(lines, logged + suppressed, "every line is either logged or counted");
        assertTrue(routed.stdout().contains("[h264 @"), "the line keeps FFmpeg's context prefix");
    }

    @Test
    void eachKindIsLimitedPerIntervalTheTotalToo() {
        long[] now = {0};
        FfmpegLog.RateLimiter limiter = new FfmpegLog.RateLimiter(2, 3, 10_000, 4, () -> now[0]);
        assertTrue(limiter.offer("[h264 @ 0x1] error while decoding MB 1 2").log());
        assertTrue(limiter.offer("[h264 @ 0x2] error while decoding MB 7 9").log(), "same kind: addresses and numbers masked");
        assertTrue(!limiter.offer("[h264 @ 0x1] error while decoding MB 3 3").log(), "third of a kind");
        assertTrue(limiter.offer("[h264 @ 0x1] concealing 5 DC errors").log());
        assertTrue(!limiter.offer("[h264 @ 0x1] another kind").log(), "total reached");
        now[0] = 10_000; // the next interval
        FfmpegLog.RateLimiter.Verdict v = limiter.offer("[h264 @ 0x1] error while decoding MB 4 4");
        assertTrue(v.log());
        assertNotNull(v.summary());
        assertTrue(v.summary().contains("2 more log lines"), v.summary());
        assertNull(limiter.offer("[h264 @ 0x1] x").summary(), "a summary only once per interval");
    }

    @Test
    void kindsBeyondTheBoundAreCountedNotLogged() {
        FfmpegLog.RateLimiter limiter = new FfmpegLog.RateLimiter(5, 100, Long.MAX_VALUE, 2, () -> 0);
        assertTrue(limiter.offer("a").log());
        assertTrue(limiter.offer("b").log());
        assertTrue(!limiter.offer("c").log());
    }

    @Test
    void theKindMasksContextAddressesAndNumbers() {
        assertEquals("[h264 @] non-existing PPS # referenced", FfmpegLog.RateLimiter.kindOf("[h264 @ 0x7f4308970600] non-existing PPS 0 referenced"));
    }

    @Test
    void theCallbackIsInstalledOnceTheDecoderClassIsLoaded() {
        new VideoDecoder("x", VideoCodec.H264, DecoderOptions.defaults()).close();
        assertTrue(FfmpegLog.installed());
        FfmpegLog.install(); // idempotent
        assertTrue(FfmpegLog.installed());
    }
}
