package dev.streamsync.decode;

import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes 22,000 small frames (a 50-frame clip with B-frames, looped with increasing timestamps),
 * takes a BGR view and the motion vectors of each, releases them, and re-creates the decoder every
 * 1,000 frames while one picture is still held (so pictures outliving their decoder are freed too).
 * Process RSS and heap must stay flat after a warm-up of 2,000 frames.
 */
class DecoderLeakTest {
    static final int CLIP_FRAMES = 50;
    static final int WARMUP_FRAMES = 2_000;
    static final int MEASURED_FRAMES = 20_000;
    static final int FRAMES_PER_DECODER = 1_000;
    static final long MAX_RSS_GROWTH_KB = 50 * 1024;
    static final long MAX_HEAP_GROWTH_BYTES = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void twentyThousandDecodedAndReleasedFramesLeaveRssAndHeapFlat() throws Exception {
        TestClips.Clip clip = TestClips.make(dir, "leak", VideoCodec.H264, "testsrc2=size=160x120:rate=25",
                CLIP_FRAMES, "-bf", "2", "-g", "25");
        long[] frames = {0};
        long[] checksum = {0};
        DecodedPictureSink sink = picture -> {
            try {
                checksum[0] += picture.view(PixelFormat.BGR24).get(0) + picture.motionVectors().rows();
                frames[0]++;
            } finally {
                picture.release();
            }
        };

        run(clip, WARMUP_FRAMES, sink, 0);
        assertEquals(WARMUP_FRAMES, frames[0]);
        long rssBeforeKb = rssKb();
        long heapBefore = usedHeapAfterGc();

        run(clip, MEASURED_FRAMES, sink, WARMUP_FRAMES);
        assertEquals(WARMUP_FRAMES + MEASURED_FRAMES, frames[0]);
        long rssAfterKb = rssKb();
        long heapAfter = usedHeapAfterGc();

        System.out.printf("leak test: %d frames; VmRSS %d kB -> %d kB (%+d kB); heap after GC %d kB -> %d kB (%+d kB); checksum %d%n",
                MEASURED_FRAMES, rssBeforeKb, rssAfterKb, rssAfterKb - rssBeforeKb,
                heapBefore / 1024, heapAfter / 1024, (heapAfter - heapBefore) / 1024, checksum[0]);
        assertTrue(rssAfterKb - rssBeforeKb < MAX_RSS_GROWTH_KB, "RSS grew " + (rssAfterKb - rssBeforeKb) + " kB");
        assertTrue(heapAfter - heapBefore < MAX_HEAP_GROWTH_BYTES, "heap grew " + (heapAfter - heapBefore) + " B");
    }

    /** Decodes {@code count} frames, a new decoder every FRAMES_PER_DECODER frames. */
    private static void run(TestClips.Clip clip, int count, DecodedPictureSink sink, long firstFrame) {
        AccessUnit unit = new AccessUnit(64 * 1024);
        long frame = firstFrame;
        long end = firstFrame + count;
        while (frame < end) {
            Picture[] held = new Picture[1];
            DecodedPictureSink holdLast = picture -> {
                if (held[0] != null) {
                    sink.onPicture(held[0]);
                }
                held[0] = picture;
            };
            try (VideoDecoder decoder = new VideoDecoder("leak", VideoCodec.H264, DecoderOptions.defaults())) {
                for (int n = 0; n < FRAMES_PER_DECODER && frame < end; n += CLIP_FRAMES) {
                    long loopOffset = (frame / CLIP_FRAMES) * CLIP_FRAMES * 3600L;
                    for (AccessUnit au : clip.units) {
                        unit.copyFrom(au).rtpTimestamp(au.rtpTimestamp() + loopOffset);
                        decoder.decode(unit, holdLast);
                    }
                    decoder.flush(holdLast);
                    frame += CLIP_FRAMES;
                }
            }
            // The last picture outlives its decoder; its release frees the pool's native memory.
            sink.onPicture(held[0]);
        }
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
