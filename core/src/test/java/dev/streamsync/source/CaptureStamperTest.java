package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.CameraFailure;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.decode.DropReason;
import dev.streamsync.decode.FrameType;
import dev.streamsync.decode.MotionVectors;
import dev.streamsync.decode.Picture;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.decode.TestClips;
import dev.streamsync.decode.VideoDecoder;
import dev.streamsync.rtcp.TimestampSource;
import dev.streamsync.rtp.VideoCodec;
import dev.streamsync.sync.FrameSink;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one stamping path of RTSP and file sources, driven with an injected clock: pictures at 30 fps
 * (3,000 ticks of a 90 kHz clock apart, 33,333 µs of local time), an anchor that comes after 0.2 s,
 * after 10 s, or never.
 */
class CaptureStamperTest {
    private static final int CLOCK_RATE_HZ = 90_000;
    private static final long TICKS_PER_FRAME = 3_000;
    private static final long MICROS_PER_FRAME = 33_333;
    private static final long START_UTC_MICROS = 1_700_000_000_000_000L;
    /** The camera's clock runs 250 ms behind the local one: its stamps differ visibly from arrival stamps. */
    private static final long CAMERA_OFFSET_MICROS = -250_000;
    private static final long FIRST_RTP = (1L << 32) + 777;

    private long nowMicros = START_UTC_MICROS;
    private final Sink sink = new Sink();
    private int outstanding; // pictures created and neither delivered nor released

    /** A picture that counts itself: created, delivered (ownership passes to the sink), released. */
    private final class FakePicture implements Picture {
        final long rtp;
        int refs = 1;

        FakePicture(long rtp) {
            this.rtp = rtp;
            outstanding++;
        }

        @Override public int width() { return 0; }
        @Override public int height() { return 0; }
        @Override public boolean hasPixels() { return false; }
        @Override public FrameType frameType() { return FrameType.P; }
        @Override public long rtpTimestamp() { return rtp; }
        @Override public MotionVectors motionVectors() { throw new UnsupportedOperationException(); }
        @Override public boolean degraded() { return false; }
        @Override public ByteBuffer view(PixelFormat format) { throw new UnsupportedOperationException(); }
        @Override public Picture retain() { refs++; return this; }

        @Override
        public void release() {
            if (refs <= 0) {
                throw new AssertionError("released twice: " + rtp);
            }
            if (--refs == 0) {
                outstanding--;
            }
        }
    }

    /** The camera's ring as the synchronizer has it: takes each frame and (here) releases it at once. */
    private final class Sink implements FrameSink {
        final List<Long> rtp = new ArrayList<>();
        final List<Long> utc = new ArrayList<>();
        final List<TimestampSource> sources = new ArrayList<>();
        final List<String> readErrors = new ArrayList<>();

        @Override
        public void onFrame(Picture picture, long captureTimeUtcMicros, TimestampSource source) {
            rtp.add(picture.rtpTimestamp());
            utc.add(captureTimeUtcMicros);
            sources.add(source);
            picture.release();
        }

        @Override public void onReadError(String reason) { readErrors.add(reason); }
        @Override public void onBroken(CameraFailure failure) { throw new AssertionError("not expected: " + failure); }
        @Override public void onRecovered() { throw new AssertionError("not expected"); }

        long count(TimestampSource source) {
            return sources.stream().filter(s -> s == source).count();
        }
    }

    /** A camera clock: 90 kHz, anchored so that the first picture was captured 250 ms before the local start. */
    private record CameraAnchor() implements CaptureStamper.Anchor {
        @Override
        public long toUtcMicros(long rtp) {
            return START_UTC_MICROS + CAMERA_OFFSET_MICROS + Math.floorDiv((rtp - FIRST_RTP) * 1_000_000L, CLOCK_RATE_HZ);
        }

        @Override
        public TimestampSource source() {
            return TimestampSource.RTCP_SR;
        }
    }

    private CaptureStamper stamper(int maxHeld, int[] firstFrames) {
        return new CaptureStamper("cam0", sink, () -> nowMicros, CLOCK_RATE_HZ, maxHeld, new CaptureStamper.Listener() {
            @Override
            public void onFirstFrame() {
                firstFrames[0]++;
            }
        });
    }

    /** Feeds pictures {@code from..to-1} at 30 fps, advancing the clock; asserts the hold bound after each. */
    private void feed(CaptureStamper stamper, int from, int to, int maxHeld) {
        for (int i = from; i < to; i++) {
            nowMicros = START_UTC_MICROS + i * MICROS_PER_FRAME;
            stamper.onPicture(new FakePicture(FIRST_RTP + i * TICKS_PER_FRAME));
            assertTrue(stamper.held() <= maxHeld, "held " + stamper.held());
            assertEquals(stamper.held(), outstanding, "pictures neither held nor delivered");
        }
    }

    private static long arrivalStamp(int frame) {
        return START_UTC_MICROS + Math.floorDiv(frame * TICKS_PER_FRAME * 1_000_000L, CLOCK_RATE_HZ);
    }

    @Test
    void anAnchorAfterAFifthOfASecondStampsTheHeldPicturesRetroactivelyAndNoneIsUnsynced() {
        int[] first = {0};
        CaptureStamper stamper = stamper(8, first);
        feed(stamper, 0, 6, 8); // 0.2 s at 30 fps
        assertTrue(sink.rtp.isEmpty(), "nothing delivered before the anchor while within the bound");
        assertEquals(6, stamper.held());

        stamper.anchor(new CameraAnchor());
        feed(stamper, 6, 30, 8);
        assertEquals(30, sink.rtp.size());
        CameraAnchor camera = new CameraAnchor();
        for (int i = 0; i < 30; i++) {
            assertEquals(FIRST_RTP + i * TICKS_PER_FRAME, sink.rtp.get(i), "order");
            assertEquals(camera.toUtcMicros(sink.rtp.get(i)), sink.utc.get(i), "frame " + i);
            assertEquals(TimestampSource.RTCP_SR, sink.sources.get(i));
        }
        assertEquals(6, stamper.stampedRetroactively());
        assertEquals(0, stamper.deliveredUnsynced());
        assertTrue(sink.readErrors.isEmpty());
        assertEquals(1, first[0]);
        assertEquals(0, outstanding);
    }

    @Test
    void anAnchorAfterTenSecondsJoinsWithCorrectStampsAfterUnsyncedArrivalStampedFrames() {
        int[] first = {0};
        CaptureStamper stamper = stamper(8, first);
        feed(stamper, 0, 300, 8); // 10 s without an anchor
        assertEquals(292, sink.rtp.size(), "all but the newest 8 handed on");
        assertEquals(292, sink.count(TimestampSource.ARRIVAL));
        for (int i = 0; i < 292; i++) {
            assertEquals(FIRST_RTP + i * TICKS_PER_FRAME, sink.rtp.get(i));
            assertEquals(arrivalStamp(i), sink.utc.get(i), "arrival stamp of frame " + i);
        }
        assertEquals(1, first[0], "the camera delivers (unsynced) from its first evicted picture on");

        stamper.anchor(new CameraAnchor());
        feed(stamper, 300, 330, 8);
        assertEquals(330, sink.rtp.size());
        CameraAnchor camera = new CameraAnchor();
        for (int i = 292; i < 330; i++) {
            assertEquals(FIRST_RTP + i * TICKS_PER_FRAME, sink.rtp.get(i));
            assertEquals(TimestampSource.RTCP_SR, sink.sources.get(i), "frame " + i);
            assertEquals(camera.toUtcMicros(sink.rtp.get(i)), sink.utc.get(i));
        }
        assertEquals(8, stamper.stampedRetroactively());
        assertEquals(292, stamper.deliveredUnsynced());
        assertTrue(sink.readErrors.isEmpty(), "waiting for the anchor is no read error");
        assertEquals(0, outstanding);
    }

    @Test
    void withoutAnyAnchorTheStreamStaysUnsyncedHoldsNoMoreThanItsBoundAndCloseReleasesTheRest() {
        int[] first = {0};
        CaptureStamper stamper = stamper(8, first);
        feed(stamper, 0, 3_000, 8); // 100 s
        assertEquals(2_992, sink.count(TimestampSource.ARRIVAL));
        assertEquals(2_992, sink.rtp.size());
        assertEquals(8, outstanding);
        stamper.close();
        assertEquals(0, outstanding);
        assertEquals(8, stamper.releasedAtClose());
        stamper.onPicture(new FakePicture(1)); // drained into a closed session
        assertEquals(0, outstanding);
        assertEquals(2_992, sink.rtp.size(), "nothing delivered after close");
        stamper.onDropped(1, DropReason.DECODE_ERROR);
        assertTrue(sink.readErrors.isEmpty());
    }

    @Test
    void losingTheAnchorHoldsAgainAndTheNextAnchorStampsWhatWasHeld() {
        CaptureStamper stamper = stamper(8, new int[1]);
        stamper.anchor(new CameraAnchor());
        feed(stamper, 0, 10, 8);
        stamper.anchor(null); // the estimator reset: a new SSRC
        feed(stamper, 10, 13, 8);
        assertEquals(10, sink.rtp.size());
        assertEquals(3, stamper.held());
        stamper.anchor(new CameraAnchor());
        feed(stamper, 13, 14, 8);
        assertEquals(14, sink.rtp.size());
        assertEquals(14, sink.count(TimestampSource.RTCP_SR));
    }

    @Test
    void theHoldBoundIsAQuarterOfTheDecoderPoolAtMostEightAndZeroHoldsNothing() {
        assertEquals(8, CaptureStamper.heldLimit(64));
        assertEquals(8, CaptureStamper.heldLimit(4096));
        assertEquals(2, CaptureStamper.heldLimit(8));
        assertEquals(0, CaptureStamper.heldLimit(3));
        CaptureStamper stamper = stamper(0, new int[1]);
        feed(stamper, 0, 5, 0);
        assertEquals(List.of(TimestampSource.ARRIVAL, TimestampSource.ARRIVAL, TimestampSource.ARRIVAL,
                TimestampSource.ARRIVAL, TimestampSource.ARRIVAL), sink.sources);
    }

    @Test
    void aRunOfDropsUntilTheNextKeyframeIsOneReadErrorAndEveryRejectedUnitIsOne() {
        CaptureStamper stamper = stamper(8, new int[1]);
        stamper.anchor(new CameraAnchor());
        feed(stamper, 0, 1, 8);
        for (int i = 0; i < 89; i++) { // a loss early in a 3 s GOP at 30 fps
            stamper.onDropped(FIRST_RTP + (1 + i) * TICKS_PER_FRAME, DropReason.DAMAGED_REFERENCE);
        }
        assertEquals(List.of("DAMAGED_REFERENCE"), sink.readErrors);
        assertEquals(88, stamper.dropsInRuns());
        feed(stamper, 90, 91, 8); // the next keyframe decodes: the run is over
        stamper.onDropped(0, DropReason.DAMAGED_REFERENCE);
        stamper.onDropped(0, DropReason.DAMAGED_REFERENCE);
        stamper.onDropped(0, DropReason.DECODER_BEHIND); // another reason: another run
        stamper.onDropped(0, DropReason.DECODE_ERROR);
        stamper.onDropped(0, DropReason.DECODE_ERROR);
        assertEquals(List.of("DAMAGED_REFERENCE", "DAMAGED_REFERENCE", "DECODER_BEHIND", "DECODE_ERROR", "DECODE_ERROR"),
                sink.readErrors);
        assertEquals(5, stamper.readErrors());
        assertEquals(89, stamper.dropsInRuns());
    }

    @Test
    void theEndOfAStreamThatNeverGotAnAnchorDeliversTheHeldPicturesUnsyncedBeforeTellingTheSource() {
        List<String> events = new ArrayList<>();
        CaptureStamper stamper = new CaptureStamper("cam0", sink, () -> nowMicros, CLOCK_RATE_HZ, 8,
                new CaptureStamper.Listener() {
                    @Override
                    public void onEndOfStream() {
                        events.add("end after " + sink.rtp.size());
                    }
                });
        feed(stamper, 0, 5, 8);
        stamper.onEndOfStream();
        assertEquals(List.of("end after 5"), events);
        assertEquals(5, sink.count(TimestampSource.ARRIVAL));
        assertEquals(0, outstanding);
    }

    @TempDir
    Path dir;

    /**
     * The failure of issue 10 (2): a real decoder with its default pool of 128 pictures, 300 frames
     * (10 s at 30 fps) before the first anchor. Holding 150 decoded pictures emptied the pool and gave
     * NO_FREE_PICTURE read errors; holding the newest 8 costs nothing.
     */
    @Test
    void tenSecondsWithoutAnAnchorCostTheDecoderPoolNothingAndGiveNoReadError() throws Exception {
        TestClips.Clip clip = TestClips.make(dir, "noanchor", VideoCodec.H264, "testsrc2=size=64x48:rate=30", 300,
                "-bf", "0", "-g", "60");
        DecoderOptions options = DecoderOptions.defaults();
        CaptureStamper stamper = new CaptureStamper("cam0", sink, () -> nowMicros, CLOCK_RATE_HZ,
                CaptureStamper.heldLimit(options.maxOutstandingPictures()), new CaptureStamper.Listener() { });
        try (VideoDecoder decoder = new VideoDecoder("cam0", VideoCodec.H264, options)) {
            for (int i = 0; i < clip.units.size(); i++) {
                nowMicros = START_UTC_MICROS + i * MICROS_PER_FRAME;
                if (i == 270) {
                    stamper.anchor(new CameraAnchor()); // the first sender report, 9 s after the first picture
                }
                decoder.decode(clip.units.get(i), stamper);
                // 8 held, one being handed on: the pool never needs more (and has 128).
                assertTrue(decoder.stats().picturesCreated() <= 8 + 1, decoder.stats().toString());
            }
            assertEquals(0, decoder.stats().droppedNoFreePicture(), decoder.stats().toString());
            assertTrue(sink.readErrors.isEmpty(), sink.readErrors.toString());
            assertEquals(300, sink.rtp.size());
            assertEquals(270 - 8, sink.count(TimestampSource.ARRIVAL));
            assertEquals(30 + 8, sink.count(TimestampSource.RTCP_SR), "the held pictures join, stamped with the anchor");
            assertEquals(8, stamper.stampedRetroactively());
        } finally {
            stamper.close();
        }
        assertEquals(0, stamper.held());
    }
}
