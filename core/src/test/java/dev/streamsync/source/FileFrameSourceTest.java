package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.api.CameraStats;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.sync.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.StreamsEndedException;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.spi.FrameSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video files as cameras, as in the reference system: paced by their timestamps, stamped from the system clock. */
class FileFrameSourceTest {
    private static final int FRAMES = 30;
    private static final int FPS = 25;

    @TempDir
    Path dir;

    /** A clip made by the ffmpeg command line (Debian's ffmpeg, installed by .ci/run). */
    private Path clip(String name, String codec) throws Exception {
        return clip(name, codec, 0);
    }

    private Path clip(String name, String codec, int bFrames) throws Exception {
        Path file = dir.resolve(name);
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=" + FPS, "-frames:v", String.valueOf(FRAMES), "-c:v", codec,
                "-g", "10", "-bf", String.valueOf(bFrames), "-pix_fmt", "yuv420p", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + output);
        return file;
    }

    @Test
    void filesPlayAtTheirOwnPaceStampedFromTheSystemClockAndEndAsBroken() throws Exception {
        Path h264 = clip("a.mp4", "libx264");
        Path h265 = clip("b.mkv", "libx265");
        long startMicros = System.currentTimeMillis() * 1000;
        List<Long> stamps = new ArrayList<>();
        long h265Frames;
        String endMessage = null;
        try (StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.ofFile(h264)).camera(Camera.ofFile(h265)).framePacketBufferMaxSize(-1).build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (endMessage == null && System.nanoTime() < deadline) {
                try (FramePacket packet = sync.getFramePacket(Duration.ofSeconds(5))) {
                    FrameData f = packet.get(0);
                    if (f.status() == FrameStatus.FRAME_OKAY) {
                        assertEquals(TimestampSource.FILE, f.timestampSource());
                        assertEquals(320, f.width());
                        if (stamps.isEmpty()) {
                            assertEquals(FrameType.I, f.frameType());
                        }
                        stamps.add(f.captureTimeUtcMicros());
                    }
                    if (packet.get(1).status() == FrameStatus.FRAME_OKAY) {
                        assertEquals(TimestampSource.FILE, packet.get(1).timestampSource());
                    }
                } catch (StreamsEndedException e) {
                    endMessage = e.getMessage();
                }
            }
            h265Frames = sync.stats().cameras().get(1).frames();
        }
        assertTrue(endMessage != null && endMessage.contains("end of file " + h264) && endMessage.contains("end of file " + h265),
                "when both files have ended, getFramePacket says so: " + endMessage);
        assertTrue(stamps.size() >= FRAMES - 2, "frames delivered: " + stamps.size());
        // Counted at the synchronizer's input: the two files start a few milliseconds apart, so how many of
        // their frames share packets depends on that phase, not on the file source.
        assertTrue(h265Frames >= FRAMES - 2, "the H.265 file plays alongside: " + h265Frames + " frames");
        assertTrue(Math.abs(stamps.get(0) - startMicros) < 2_000_000, "first stamp is the system time at playback start");
        for (int i = 1; i < stamps.size(); i++) {
            long step = stamps.get(i) - stamps.get(i - 1);
            assertEquals(0, step % (1_000_000 / FPS), "stamps follow the file's own timestamps: step " + step);
        }
        assertTrue(Files.exists(h264));
    }

    @Test
    void theEndOfTheFileIsReportedAsEndOfStreamAfterItsLastFrame() throws Exception {
        // B-frames: the decoder holds pictures back for reordering until it is drained at the end.
        Path h264 = clip("end.mp4", "libx264", 2);
        CompletableFuture<CameraFailure> ended = new CompletableFuture<>();
        AtomicInteger frames = new AtomicInteger();
        AtomicInteger framesAfterEnd = new AtomicInteger();
        FileFrameSource source = new FileFrameSource(h264, 0, DecoderOptions.defaults());
        try {
            source.start(new FrameSink() {
                @Override
                public void onFrame(Picture picture, long captureTimeUtcMicros, TimestampSource timestampSource) {
                    frames.incrementAndGet();
                    if (ended.isDone()) {
                        framesAfterEnd.incrementAndGet();
                    }
                    picture.release();
                }

                @Override
                public void onReadError(String reason) {
                }

                @Override
                public void onBroken(CameraFailure failure) {
                    ended.completeExceptionally(new AssertionError("broken, not ended: " + failure));
                }

                @Override
                public void onRecovered() {
                }

                @Override
                public void onEnded(CameraFailure failure) {
                    ended.complete(failure);
                }
            });
            CameraFailure failure = ended.get(20, TimeUnit.SECONDS);
            assertEquals(FailureKind.END_OF_STREAM, failure.kind());
            assertEquals("end of file " + h264, failure.message());
            assertEquals(FRAMES, frames.get(), "every frame of the file, the held-back ones included, before the end");
            Thread.sleep(200);
            assertEquals(0, framesAfterEnd.get(), "no frame after the end");
        } finally {
            source.close();
        }
    }

    @Test
    void filesWithoutVideoOrNotVideoAtAllEndAsUnsupportedMedia() throws Exception {
        Path audio = dir.resolve("tone.wav");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", audio.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + output);
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video, just text\n".repeat(50));
        try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.ofFile(audio)).camera(Camera.ofFile(text)).build()) {
            assertThrows(StreamsEndedException.class, () -> sync.getFramePacket(Duration.ofSeconds(10)));
            for (CameraStats c : sync.stats().cameras()) {
                assertEquals(FailureKind.UNSUPPORTED_MEDIA, c.failure().orElseThrow().kind(), c.toString());
            }
        }
    }

    @Test
    void decoderOptionsOfTheBuilderReachTheDecoder() throws Exception {
        Path h264 = clip("mv.mp4", "libx264");
        assertTrue(motionVectorRowsOfPFrames(h264, dev.streamsync.decode.DecoderOptions.defaults()) > 0,
                "motion vectors are exported by default");
        assertEquals(0, motionVectorRowsOfPFrames(h264, dev.streamsync.decode.DecoderOptions.defaults().withMotionVectors(false)),
                "and not when switched off");
    }

    private static long motionVectorRowsOfPFrames(Path file, dev.streamsync.decode.DecoderOptions options) throws Exception {
        long rows = 0;
        try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.ofFile(file))
                .decoderOptions(options).framePacketBufferMaxSize(-1).build()) {
            for (int n = 0; n < 15; n++) {
                try (FramePacket packet = sync.getFramePacket(Duration.ofSeconds(5))) {
                    FrameData f = packet.get(0);
                    if (f.status() == FrameStatus.FRAME_OKAY && f.frameType() == FrameType.P) {
                        rows += f.motionVectors().rows();
                    }
                }
            }
        }
        return rows;
    }
}
