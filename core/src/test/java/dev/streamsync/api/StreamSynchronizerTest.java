package dev.streamsync.api;

import dev.streamsync.sync.FrameSource;
import dev.streamsync.sync.SyncRuntime;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** End to end on real threads with synthetic sources and heap pictures. */
class StreamSynchronizerTest {
    final HeapPicture.Ledger ledger = new HeapPicture.Ledger();
    final List<SyntheticSource> sources = new ArrayList<>();

    StreamSynchronizer.Builder builder(int cameras, long periodMicros) {
        StreamSynchronizer.Builder b = StreamSynchronizer.builder().sourceFactory((camera, index) -> {
            SyntheticSource s = new SyntheticSource(ledger, periodMicros, camera.name());
            sources.add(s);
            return s;
        });
        for (int c = 0; c < cameras; c++) {
            b.camera(Camera.of("rtsp://user:secret@10.0.0." + (c + 1) + "/stream1").name("cam" + c));
        }
        return b;
    }

    void assertEveryPictureReleasedOnce() {
        assertTrue(ledger.created.get() > 0);
        assertEquals(ledger.created.get(), ledger.freed.get(), "every picture released");
        assertEquals(0, ledger.extraReleases.get(), "no picture released twice");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void deliversSynchronizedPacketsAndReleasesEveryPictureExactlyOnce() throws Exception {
        List<FramePacket> kept = new ArrayList<>();
        try (StreamSynchronizer sync = builder(3, 10_000).build()) {
            int okay = 0;
            for (int i = 0; i < 50; i++) {
                FramePacket p = sync.getFramePacket(Duration.ofSeconds(10));
                assertEquals(3, p.size());
                for (FrameData f : p) {
                    if (f.status() == FrameStatus.FRAME_OKAY) {
                        okay++;
                        ByteBuffer bgr = f.bgr();
                        assertEquals(f.width() * f.height() * 3, bgr.remaining());
                        assertEquals(f.captureTimeUtcMicros() - p.referenceTimeUtcMicros(), f.offsetFromPacketMicros());
                    }
                }
                if (i < 5) {
                    kept.add(p); // closed by the test after the synchronizer, to show taken packets stay valid
                } else {
                    p.close();
                    p.close(); // idempotent
                }
            }
            assertTrue(okay > 100, "most entries carry frames: " + okay + " of 150");
            SynchronizerStats stats = sync.stats();
            assertEquals(3, stats.cameras().size());
            assertTrue(stats.packets() >= 50);
            assertEquals(0, stats.compensatorErrors());
            assertEquals(CameraStats.State.STREAMING, stats.cameras().get(0).state());
            assertTrue(stats.cameras().get(0).fps() > 10, "fps estimated: " + stats.cameras().get(0).fps());
        }
        assertTrue(kept.get(0).get(0).status() != FrameStatus.FRAME_OKAY || kept.get(0).get(0).bgr().remaining() > 0);
        kept.forEach(FramePacket::close);
        assertEveryPictureReleasedOnce();
    }

    @Test
    void fullQueueDropsOldestPacketsAndReleasesTheirPictures() throws Exception {
        try (StreamSynchronizer sync = builder(2, 5_000).framePacketBufferMaxSize(2).build()) {
            await(() -> sync.stats().packetsDropped() > 20, "packets dropped from the full queue");
            assertTrue(sync.stats().packetsQueued() <= 2);
            try (FramePacket first = sync.getFramePacket(); FramePacket second = sync.getFramePacket()) {
                assertTrue(first.sequence() > 0, "the oldest packets were dropped: " + first.sequence());
                assertTrue(second.sequence() > first.sequence());
            }
        }
        assertEveryPictureReleasedOnce();
    }

    @Test
    void brokenCameraIsReportedWithItsReasonAndRecovers() throws Exception {
        try (StreamSynchronizer sync = builder(2, 10_000).build()) {
            try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(10))) {
                assertEquals(2, p.size());
            }
            CameraFailure refused = new CameraFailure(FailureKind.CONNECTION_REFUSED, "connection refused by 10.0.0.2:554");
            sources.get(1).breakWith(refused);
            FrameData broken = awaitEntry(sync, 1, FrameStatus.CAP_BROKEN);
            assertEquals("connection refused by 10.0.0.2:554", broken.reason().orElseThrow());
            assertEquals(Optional.of(refused), broken.failure());
            assertThrows(IllegalStateException.class, broken::bgr);
            CameraStats stats = sync.stats().cameras().get(1);
            assertEquals(CameraStats.State.BROKEN, stats.state());
            assertEquals(Optional.of(refused), stats.failure());
            sources.get(1).recover();
            FrameData back = awaitEntry(sync, 1, FrameStatus.FRAME_OKAY);
            assertEquals(Optional.empty(), back.failure());
            assertEquals(Optional.empty(), sync.stats().cameras().get(1).failure());
        }
        assertEveryPictureReleasedOnce();
    }

    private static FrameData awaitEntry(StreamSynchronizer sync, int camera, FrameStatus status) throws Exception {
        for (int i = 0; i < 2000; i++) {
            try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(10))) {
                FrameData f = p.get(camera);
                if (f.status() == status) {
                    return f;
                }
            }
        }
        fail("no " + status + " entry for camera " + camera);
        return null;
    }

    @Test
    void closeStopsThreadsWakesWaitersAndLaterCallsSayClosed() throws Exception {
        StreamSynchronizer sync = builder(2, 10_000).framePacketBufferMaxSize(-1).build();
        sync.getFramePacket(Duration.ofSeconds(10)).close();
        // A second synchronizer whose waiter blocks: close must wake it with an exception.
        StreamSynchronizer idle = StreamSynchronizer.builder().sourceFactory((c, i) -> silentSource())
                .camera("rtsp://10.0.0.9/x").build();
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread waiterThread = new Thread(() -> {
            try {
                idle.getFramePacket();
                waiter.complete(null);
            } catch (Throwable t) {
                waiter.complete(t);
            }
        }, "test-waiter");
        waiterThread.start();
        // Closed while the waiter is blocked in getFramePacket (not before it got there).
        await(() -> waiterThread.getState() == Thread.State.WAITING || waiterThread.getState() == Thread.State.TIMED_WAITING,
                "the waiter to block");
        idle.close();
        sync.close();
        sync.close(); // idempotent
        assertInstanceOf(SynchronizerClosedException.class, waiter.get(10, TimeUnit.SECONDS));
        assertThrows(SynchronizerClosedException.class, sync::getFramePacket);
        assertThrows(SynchronizerClosedException.class, () -> sync.getFramePacket(Duration.ofMillis(1)));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith(SyncRuntime.THREAD_NAME_PREFIX) && t.isAlive(), "thread survived: " + t.getName());
            assertFalse(t.getName().startsWith(SyntheticSource.THREAD_PREFIX) && t.isAlive(), "source thread survived: " + t.getName());
        }
        assertEveryPictureReleasedOnce();
    }

    @Test
    void timeoutWithoutPacketsThrowsTimeoutException() {
        try (StreamSynchronizer sync = StreamSynchronizer.builder().sourceFactory((c, i) -> silentSource())
                .camera("rtsp://10.0.0.9/x").build()) {
            assertThrows(java.util.concurrent.TimeoutException.class, () -> sync.getFramePacket(Duration.ofMillis(20)));
        }
    }

    @Test
    void initialOffsetAboveTheLimitFailsWithTheCamerasNamed() throws Exception {
        // camera 1's clock is 5 s ahead.
        StreamSynchronizer.Builder b = builder(2, 10_000).maxInitialStreamOffset(Duration.ofSeconds(1));
        b.camera(Camera.of("rtsp://10.0.0.3/s").name("ahead").timestampOffset(Duration.ofSeconds(5)));
        try (StreamSynchronizer sync = b.build()) {
            InitialStreamOffsetException e = null;
            for (int i = 0; i < 1000 && e == null; i++) {
                try {
                    sync.getFramePacket(Duration.ofSeconds(10)).close();
                } catch (InitialStreamOffsetException x) {
                    e = x;
                }
            }
            assertNotNull(e);
            assertEquals(2, e.cameraB());
            assertTrue(e.getMessage().contains("ahead"), e.getMessage());
            assertTrue(e.offset().compareTo(Duration.ofSeconds(4)) > 0);
            assertThrows(InitialStreamOffsetException.class, sync::getFramePacket, "stays failed");
        }
        assertEveryPictureReleasedOnce();
    }

    @Test
    void sourceThatFailsToStartIsReportedBrokenWithoutFailingTheOthers() throws Exception {
        StreamSynchronizer.Builder b = StreamSynchronizer.builder().sourceFactory((camera, index) -> {
            if (index == 1) {
                return new FrameSource() {
                    @Override public void start(dev.streamsync.sync.FrameSink sink) { throw new IllegalStateException("no route to host"); }
                    @Override public void close() { }
                };
            }
            SyntheticSource s = new SyntheticSource(ledger, 10_000, camera.name());
            sources.add(s);
            return s;
        }).camera("rtsp://10.0.0.1/a").camera("rtsp://10.0.0.2/b");
        try (StreamSynchronizer sync = b.build()) {
            FrameData f = awaitEntry(sync, 1, FrameStatus.CAP_BROKEN);
            assertTrue(f.reason().orElseThrow().contains("no route to host"));
            // Classified by type, not by text: an IllegalStateException saying "no route" is not a network failure.
            assertEquals(FailureKind.OTHER, f.failure().orElseThrow().kind());
        }
        assertEveryPictureReleasedOnce();
    }

    @Test
    void wrongPasswordOnEveryCameraThrowsCamerasFailedInsteadOfBlocking() throws Exception {
        StreamSynchronizer.Builder b = StreamSynchronizer.builder().sourceFactory((camera, index) -> new FrameSource() {
            @Override public void start(dev.streamsync.sync.FrameSink sink) {
                sink.onBroken(new CameraFailure(FailureKind.AUTHENTICATION, "DESCRIBE answered 401 credentials rejected (rtsp://user:secret@10.0.0." + index + "/s)"));
            }
            @Override public void close() { }
        }).camera("rtsp://user:secret@10.0.0.1/s").camera("rtsp://user:secret@10.0.0.2/s");
        try (StreamSynchronizer sync = b.build()) {
            CompletableFuture<Throwable> taker = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        try (FramePacket p = sync.getFramePacket()) { // no timeout: must not block forever
                            assertEquals(FrameStatus.CAP_BROKEN, p.get(0).status(), "status packets at most, before");
                        }
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Throwable t = taker.get(10, TimeUnit.SECONDS);
            CamerasFailedException e = assertInstanceOf(CamerasFailedException.class, t);
            assertInstanceOf(SynchronizerException.class, e);
            assertEquals(2, e.failures().size());
            assertEquals(FailureKind.AUTHENTICATION, e.failures().get(1).kind());
            assertTrue(e.getMessage().contains("AUTHENTICATION"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertThrows(CamerasFailedException.class, () -> sync.getFramePacket(Duration.ofSeconds(1)), "stays failed");
        }
    }

    @Test
    void packetsWithCapBrokenEntriesKeepComingWhileEveryCameraIsDown() throws Exception {
        try (StreamSynchronizer sync = builder(2, 20_000).maxLatency(Duration.ofMillis(300)).build()) {
            awaitEntry(sync, 1, FrameStatus.FRAME_OKAY);
            CameraFailure killed = new CameraFailure(FailureKind.SERVER_ENDED, "the server closed the connection");
            sources.get(0).breakWith(killed);
            sources.get(1).breakWith(killed);
            int broken = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (broken < 20 && System.nanoTime() < deadline) {
                // Never more than maxLatency plus a frame interval (and scheduling) between two packets.
                try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(5))) {
                    if (p.get(0).status() == FrameStatus.CAP_BROKEN && p.get(1).status() == FrameStatus.CAP_BROKEN) {
                        assertEquals(Optional.of(killed), p.get(0).failure());
                        broken++;
                    }
                }
            }
            assertEquals(20, broken, "status packets during the outage");
            sources.get(0).recover();
            sources.get(1).recover();
            awaitEntry(sync, 0, FrameStatus.FRAME_OKAY);
            awaitEntry(sync, 1, FrameStatus.FRAME_OKAY);
        }
        assertEveryPictureReleasedOnce();
    }

    @Test
    void idleTimeoutNotAboveMaxLatencyIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(1, 10_000)
                .maxLatency(Duration.ofSeconds(3)).idleTimeout(Duration.ofSeconds(3)).build());
        assertTrue(e.getMessage().contains("idleTimeout"), e.getMessage());
        assertEquals(2_000, StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS);
    }

    static FrameSource silentSource() {
        return new FrameSource() {
            @Override public void start(dev.streamsync.sync.FrameSink sink) { }
            @Override public void close() { }
        };
    }
}
