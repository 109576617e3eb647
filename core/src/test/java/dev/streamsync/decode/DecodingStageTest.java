package dev.streamsync.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodingStageTest {
    static final int FRAMES = 50;

    @TempDir
    static Path dir;
    static TestClips.Clip clip;
    static TestClips.Clip bFrames;
    static TestClips.Clip hevc;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = TestClips.make(dir, "stage", VideoCodec.H264, "testsrc2=size=160x120:rate=25", FRAMES,
                "-bf", "0", "-g", "10", "-sc_threshold", "0");
        bFrames = TestClips.make(dir, "stageb", VideoCodec.H264, "testsrc2=size=160x120:rate=25", FRAMES,
                "-bf", "2", "-g", "25");
        hevc = TestClips.make(dir, "stageh", VideoCodec.H265, "testsrc2=size=160x120:rate=25", FRAMES,
                "-x265-params", "bframes=2:keyint=25:min-keyint=25:scenecut=0:log-level=error");
    }

    /** Sink that queues what it gets, with the thread it was called on. */
    static class QueueSink implements DecodedPictureSink {
        final BlockingQueue<Picture> pictures = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> drops = new LinkedBlockingQueue<>();
        final List<DropReason> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Counted down by the stage's end-of-stream call, which comes after every picture. */
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Thread calledOn;

        @Override
        public void onEndOfStream() {
            ended.countDown();
        }

        @Override
        public void onPicture(Picture picture) {
            calledOn = Thread.currentThread();
            pictures.add(picture);
        }

        @Override
        public void onDropped(long rtpTimestamp, DropReason reason) {
            reasons.add(reason);
            drops.add(rtpTimestamp);
        }

        Picture take() throws InterruptedException {
            Picture p = pictures.poll(10, TimeUnit.SECONDS);
            if (p == null) {
                throw new AssertionError("no picture within 10 s");
            }
            return p;
        }
    }

    @Test
    void picturesFlowFromTheDecoderThreadAndCloseStopsItPromptly() throws Exception {
        QueueSink sink = new QueueSink();
        DecodingStage stage = new DecodingStage("cam1", VideoCodec.H264, DecoderOptions.defaults(), sink);
        Thread decoderThread = stage.thread();
        try {
            AccessUnit reused = new AccessUnit(16);
            for (AccessUnit au : clip.units) {
                reused.copyFrom(au); // the producer reuses one unit, as a depacketizer does
                assertTrue(stage.offer(reused));
            }
            for (int i = 0; i < FRAMES; i++) {
                Picture p = sink.take();
                assertEquals(clip.framePts.get(i), p.rtpTimestamp());
                assertEquals(160 * 120 * 3, p.view(PixelFormat.BGR24).remaining());
                p.release();
            }
            assertEquals("streamsync-decode-cam1", sink.calledOn.getName());
            assertNotEquals(Thread.currentThread(), sink.calledOn);
        } finally {
            long start = System.nanoTime();
            stage.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Liveness of shutdown, not a speed measurement: close() must not hang.
            assertTrue(closeMillis < 2000, "close took " + closeMillis + " ms");
        }
        assertFalse(decoderThread.isAlive());
        assertFalse(stage.isRunning());
        assertFalse(stage.offer(clip.units.get(0)), "closed stage refuses units");
    }

    /** Takes {@code n} pictures from {@code sink}, checks the thread they came on, releases them. */
    static List<Long> takeTimestamps(QueueSink sink, int n, Thread expectedThread) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Picture p = sink.take();
            out.add(p.rtpTimestamp());
            p.release();
        }
        assertEquals(expectedThread, sink.calledOn);
        return out;
    }

    @Test
    void aNewSessionReusesTheThreadAndEachSessionGetsExactlyItsOwnPictures() throws Exception {
        QueueSink first = new QueueSink();
        QueueSink second = new QueueSink();
        QueueSink third = new QueueSink();
        QueueSink fourth = new QueueSink();
        // Room for every unit of the four sessions at once, and for every picture held by the sinks.
        DecoderOptions options = DecoderOptions.defaults().withRingSize(256).withMaxOutstandingPictures(256);
        try (DecodingStage stage = new DecodingStage("cam", options)) {
            Thread thread = stage.thread();
            stage.startSession(VideoCodec.H264, first);
            int cut = 30; // mid-GOP: B frames are still held by the decoder for reordering at the switch
            for (int i = 0; i < cut; i++) {
                assertTrue(stage.offer(bFrames.units.get(i)));
            }
            stage.startSession(VideoCodec.H264, second); // same codec: the decoder is drained and reused
            for (AccessUnit au : bFrames.units) {
                assertTrue(stage.offer(au));
            }
            stage.startSession(VideoCodec.H265, third); // another codec: a new decoder, same thread
            for (AccessUnit au : hevc.units) {
                assertTrue(stage.offer(au));
            }
            stage.startSession(VideoCodec.H265, fourth);
            assertTrue(stage.offer(hevc.units.get(0))); // makes the thread switch, draining the third session

            List<Long> firstExpected = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                firstExpected.add(bFrames.units.get(i).rtpTimestamp());
            }
            firstExpected.sort(null); // presentation order
            assertEquals(firstExpected, takeTimestamps(first, cut, thread), "the old session's held-back pictures went to it");
            assertEquals(bFrames.framePts, takeTimestamps(second, FRAMES, thread));
            assertEquals(hevc.framePts, takeTimestamps(third, FRAMES, thread));
            // The fourth session's keyframe may still sit in the decoder (reordering delay); if out, it is its own.
            for (Picture p : fourth.pictures) {
                assertEquals(hevc.units.get(0).rtpTimestamp(), p.rtpTimestamp());
                p.release();
            }
            fourth.pictures.clear();
            for (QueueSink s : List.of(first, second, third, fourth)) {
                assertTrue(s.pictures.isEmpty(), "no picture of another session");
                assertTrue(s.drops.isEmpty(), "nothing dropped: " + s.reasons);
            }
            assertTrue(thread.isAlive());
            assertEquals(0, stage.stats().decodeErrors());
        }
    }

    @Test
    void endOfStreamDeliversThePicturesHeldForReorderingThenTellsTheSink() throws Exception {
        CountDownLatch endSeen = new CountDownLatch(1);
        List<Long> picturesAtEnd = new ArrayList<>();
        QueueSink sink = new QueueSink() {
            @Override
            public void onEndOfStream() {
                picturesAtEnd.add((long) pictures.size());
                endSeen.countDown();
            }
        };
        try (DecodingStage stage = new DecodingStage("file", VideoCodec.H264,
                DecoderOptions.defaults().withMaxOutstandingPictures(2 * FRAMES), sink)) {
            for (AccessUnit au : bFrames.units) {
                assertTrue(stage.offer(au));
            }
            assertTrue(stage.endOfStream());
            assertTrue(endSeen.await(10, TimeUnit.SECONDS), "end of stream reported");
            assertEquals(List.of((long) FRAMES), picturesAtEnd, "every picture was out before the end");
            assertEquals(bFrames.framePts, takeTimestamps(sink, FRAMES, stage.thread()));
        }
    }

    @Test
    void aStageRefusesUnitsBeforeItsFirstSessionAndSessionsAfterClose() {
        DecodingStage stage = new DecodingStage("new", DecoderOptions.defaults());
        try {
            assertThrows(IllegalStateException.class, () -> stage.offer(clip.units.get(0)));
        } finally {
            stage.close();
        }
        assertThrows(IllegalStateException.class, () -> stage.startSession(VideoCodec.H264, new QueueSink()));
    }

    /**
     * Waits until {@code thread} is in {@code state}, polling the state the JVM reports every
     * millisecond (parked, not spinning) for at most 10 s; fails when it does not get there.
     */
    static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertTrue(System.nanoTime() < deadline, thread.getName() + " is " + thread.getState() + ", not " + state);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void closeReturnsPromptlyWhileTheThreadWaitsForInput() throws Exception {
        DecodingStage stage = new DecodingStage("idle", VideoCodec.H265, DecoderOptions.defaults(), new QueueSink());
        // Blocked in the wait strategy, not spinning: a spinning thread never reaches WAITING.
        awaitState(stage.thread(), Thread.State.WAITING);
        long start = System.nanoTime();
        stage.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000);
        assertFalse(stage.thread().isAlive());
    }

    @Test
    void sinkExceptionsAndGarbageDoNotEndTheDecoderThread() throws Exception {
        QueueSink queue = new QueueSink();
        int[] calls = {0};
        DecodedPictureSink throwing = picture -> {
            if (calls[0]++ % 2 == 0) {
                picture.release(); // owns it even when throwing
                throw new IllegalStateException("application bug");
            }
            queue.onPicture(picture);
        };
        try (DecodingStage stage = new DecodingStage("faulty", VideoCodec.H264, DecoderOptions.defaults(), throwing)) {
            byte[] junk = new byte[4000];
            new java.util.Random(7).nextBytes(junk);
            AccessUnit garbage = new AccessUnit(16).codec(VideoCodec.H264).append(junk, 0, junk.length).rtpTimestamp(1);
            // After the stream's first keyframe: garbage before it would only be skipped (KeyframeGate), never decoded.
            for (int i = 0; i < clip.units.size(); i++) {
                stage.offer(clip.units.get(i));
                if (i == 0) {
                    for (int k = 0; k < 5; k++) {
                        stage.offer(garbage);
                    }
                }
            }
            for (int i = 0; i < FRAMES / 2; i++) {
                queue.take().release();
            }
            assertTrue(stage.isRunning());
            assertTrue(stage.stats().sinkErrors() >= FRAMES / 2, stage.stats().toString());
            assertTrue(stage.stats().decodeErrors() >= 5, stage.stats().toString());
        }
    }

    @Test
    void fullRingDropsUntilTheNextKeyframeAndReportsEachDroppedUnit() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        CountDownLatch inSink = new CountDownLatch(1);
        QueueSink queue = new QueueSink();
        DecodedPictureSink blocking = new DecodedPictureSink() {
            @Override
            public void onPicture(Picture picture) {
                inSink.countDown();
                try {
                    unblock.await(); // a slow application: the decoder thread stalls here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                queue.onPicture(picture);
            }

            @Override
            public void onDropped(long rtpTimestamp, DropReason reason) {
                queue.onDropped(rtpTimestamp, reason);
            }
        };
        int ring = 8;
        try (DecodingStage stage = new DecodingStage("slow", VideoCodec.H264,
                DecoderOptions.defaults().withRingSize(ring), blocking)) {
            assertTrue(stage.offer(clip.units.get(0)));
            // Wait until the decoder thread took unit 0 and is stuck in the sink.
            assertTrue(inSink.await(10, TimeUnit.SECONDS), "decoder did not reach the sink");
            awaitState(stage.thread(), Thread.State.WAITING);
            List<Boolean> accepted = new ArrayList<>();
            for (int i = 1; i < FRAMES; i++) {
                accepted.add(stage.offer(clip.units.get(i)));
            }
            // The ring fills (ring - 1 or ring units, depending on whether the slot being processed
            // counts), then everything is refused: the ring stays full, and keyframes 10, 20, ...
            // find it full too. Never blocked.
            int queued = accepted.indexOf(false);
            assertTrue(queued == ring - 1 || queued == ring, "queued " + queued);
            assertTrue(accepted.subList(queued, accepted.size()).stream().noneMatch(a -> a));

            unblock.countDown();
            for (int i = 0; i <= queued; i++) {
                Picture p = queue.take();
                assertEquals(clip.units.get(i).rtpTimestamp(), p.rtpTimestamp());
                p.release();
            }
            // The next keyframe is accepted; the drops before it are reported, in order, first.
            long resumeRtp = clip.units.get(FRAMES - 1).rtpTimestamp() + 3600;
            AccessUnit key = TestClips.copy(clip.units.get(10)).rtpTimestamp(resumeRtp);
            assertTrue(stage.offer(key));
            Picture resumed = queue.take();
            assertEquals(resumeRtp, resumed.rtpTimestamp());
            assertFalse(resumed.degraded());
            resumed.release();

            List<Long> expectedDrops = new ArrayList<>();
            for (int i = queued + 1; i < FRAMES; i++) {
                expectedDrops.add(clip.units.get(i).rtpTimestamp());
            }
            List<Long> reported = new ArrayList<>();
            queue.drops.drainTo(reported);
            assertEquals(expectedDrops, reported);
            assertTrue(queue.reasons.stream().allMatch(r -> r == DropReason.DECODER_BEHIND));
            assertEquals(expectedDrops.size(), stage.stats().droppedDecoderBehind());
        } finally {
            Picture p;
            while ((p = queue.pictures.poll()) != null) {
                p.release();
            }
        }
    }
}
