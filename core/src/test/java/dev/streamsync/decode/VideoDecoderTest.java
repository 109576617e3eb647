package dev.streamsync.decode;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.MotionVectors;
import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoDecoderTest {
    static final int W = 320;
    static final int H = 240;
    static final int FRAMES = 50;

    @TempDir
    static Path dir;
    static TestClips.Clip h264;
    static TestClips.Clip h265;
    static TestClips.Clip h264NoB;

    @BeforeAll
    static void makeClips() throws Exception {
        String src = "testsrc2=size=" + W + "x" + H + ":rate=25";
        h264 = TestClips.make(dir, "h264b", VideoCodec.H264, src, FRAMES, "-bf", "2", "-g", "25");
        h265 = TestClips.make(dir, "h265b", VideoCodec.H265, src, FRAMES,
                "-x265-params", "bframes=2:keyint=25:min-keyint=25:scenecut=0:log-level=error");
        h264NoB = TestClips.make(dir, "h264p", VideoCodec.H264, src, FRAMES, "-bf", "0", "-g", "20",
                "-sc_threshold", "0");
    }

    static TestClips.Clip clip(VideoCodec codec) {
        return codec == VideoCodec.H264 ? h264 : h265;
    }

    /** The tests keep every picture of a clip until the end: allow that many outstanding. */
    static DecoderOptions holdAll(DecoderOptions options) {
        return options.withMaxOutstandingPictures(2 * FRAMES);
    }

    static Collector decodeAll(TestClips.Clip clip, DecoderOptions options) {
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("test", clip.codec, holdAll(options))) {
            for (AccessUnit au : clip.units) {
                decoder.decode(au, out);
            }
            decoder.flush(out);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void everyPictureCarriesItsOwnAccessUnitTimestampThroughBFrameReordering(VideoCodec codec) {
        TestClips.Clip clip = clip(codec);
        // The clip really reorders: decode order of pts is not presentation order.
        List<Long> decodeOrder = new ArrayList<>();
        clip.units.forEach(u -> decodeOrder.add(u.rtpTimestamp()));
        assertFalse(decodeOrder.equals(clip.framePts), "clip has no B-frame reordering");

        Collector out = decodeAll(clip, DecoderOptions.defaults());
        try {
            assertEquals(FRAMES, out.pictures.size());
            assertEquals(clip.framePts, out.timestamps());
            assertTrue(clip.framePts.get(0) > (1L << 32), "64-bit timestamps kept");
        } finally {
            out.releaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void frameTypesEqualFfprobePictTypes(VideoCodec codec) {
        TestClips.Clip clip = clip(codec);
        Collector out = decodeAll(clip, DecoderOptions.defaults());
        try {
            List<String> ours = new ArrayList<>();
            out.pictures.forEach(p -> ours.add(p.frameType().letter()));
            assertEquals(clip.pictTypes, ours);
            assertTrue(ours.contains("B") && ours.contains("P") && ours.contains("I"), ours.toString());
        } finally {
            out.releaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void yuvViewIsBitExactAndBgrViewMatchesFfmpegCommandLine(VideoCodec codec) throws Exception {
        TestClips.Clip clip = clip(codec);
        byte[] refYuv = TestClips.referenceDecode(clip, "yuv420p");
        byte[] refBgr = TestClips.referenceDecode(clip, "bgr24");
        byte[] refGray = TestClips.referenceDecode(clip, "gray");
        int yuvSize = PixelFormat.YUV420P.bufferSize(W, H);
        int bgrSize = PixelFormat.BGR24.bufferSize(W, H);
        assertEquals(FRAMES * yuvSize, refYuv.length);
        Collector out = decodeAll(clip, DecoderOptions.defaults());
        try {
            double worstBgrPsnr = Double.POSITIVE_INFINITY;
            for (int i = 0; i < FRAMES; i++) {
                Picture p = out.pictures.get(i);
                assertEquals(W, p.width());
                assertEquals(H, p.height());
                assertArrayEquals(Arrays.copyOfRange(refYuv, i * yuvSize, (i + 1) * yuvSize), bytes(p.view(PixelFormat.YUV420P)),
                        "YUV420P of frame " + i);
                assertArrayEquals(Arrays.copyOfRange(refGray, i * W * H, (i + 1) * W * H), bytes(p.view(PixelFormat.GRAY8)),
                        "GRAY8 of frame " + i);
                byte[] bgr = bytes(p.view(PixelFormat.BGR24));
                worstBgrPsnr = Math.min(worstBgrPsnr, psnr(Arrays.copyOfRange(refBgr, i * bgrSize, (i + 1) * bgrSize), bgr));
                byte[] rgb = bytes(p.view(PixelFormat.RGB24));
                for (int k = 0; k < bgr.length; k += 3) {
                    assertEquals(bgr[k], rgb[k + 2]);
                    assertEquals(bgr[k + 2], rgb[k]);
                }
            }
            System.out.printf("%s: worst BGR24 PSNR against ffmpeg CLI = %.1f dB%n", codec, worstBgrPsnr);
            // ffmpeg 5.1 CLI vs libswscale 7.1 in the presets: same algorithm, identical or near-identical.
            assertTrue(worstBgrPsnr > 45, "BGR PSNR " + worstBgrPsnr);
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void motionVectorsMeasureAKnownTranslation() throws Exception {
        // A smooth noise texture seen through a window moving +4 px right and +2 px down per frame: the
        // content moves by (-4, -2) per frame, so each block of frame n is found in frame n-1 at
        // dst + (4, 2). FFmpeg (libavcodec/mpegutils.c) exports src = dst + motion / motion_scale for
        // forward prediction (source = -1): motion_x / scale = +4, motion_y / scale = +2.
        Path noise = dir.resolve("noise.png");
        TestClips.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "nullsrc=s=1024x768,geq=lum='random(1)*255':cb=128:cr=128,gblur=sigma=2",
                "-frames:v", "1", noise.toString()));
        TestClips.Clip clip = TestClips.make(dir, "moving", VideoCodec.H264,
                "movie=" + noise + ",loop=loop=-1:size=1,setpts=N/25/TB,crop=320:240:'n*4':'n*2'", 30,
                "-bf", "0", "-g", "30", "-refs", "1");
        Collector out = decodeAll(clip, DecoderOptions.defaults());
        try {
            assertEquals(30, out.pictures.size());
            assertEquals(FrameType.I, out.pictures.get(0).frameType());
            assertEquals(0, out.pictures.get(0).motionVectors().rows(), "I frame has no motion vectors");
            for (Picture p : out.pictures.subList(1, 30)) {
                assertEquals(FrameType.P, p.frameType());
                MotionVectors mv = p.motionVectors();
                assertTrue(mv.rows() >= (W / 16) * (H / 16), "rows " + mv.rows());
                List<Integer> dx = new ArrayList<>();
                List<Integer> dy = new ArrayList<>();
                for (int r = 0; r < mv.rows(); r++) {
                    assertEquals(-1, mv.get(r, MotionVectors.SOURCE));
                    int scale = mv.get(r, MotionVectors.MOTION_SCALE);
                    dx.add(mv.get(r, MotionVectors.MOTION_X) / scale);
                    dy.add(mv.get(r, MotionVectors.MOTION_Y) / scale);
                    assertEquals(mv.get(r, MotionVectors.SRC_X) - mv.get(r, MotionVectors.DST_X),
                            mv.get(r, MotionVectors.MOTION_X) / scale);
                }
                assertEquals(4, median(dx), "median motion_x of " + p);
                assertEquals(2, median(dy), "median motion_y of " + p);
                assertEquals(mv.rows() * MotionVectors.COLUMNS, mv.toArray().length);
            }
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void motionVectorsAreEmptyForIFramesAndWhenExportIsOff() {
        Collector on = decodeAll(h264, DecoderOptions.defaults());
        Collector off = decodeAll(h264, DecoderOptions.defaults().withMotionVectors(false));
        try {
            int withVectors = 0;
            for (int i = 0; i < FRAMES; i++) {
                Picture p = on.pictures.get(i);
                if (p.frameType() == FrameType.I) {
                    assertEquals(0, p.motionVectors().rows());
                } else if (p.motionVectors().rows() > 0) {
                    withVectors++;
                }
                assertEquals(0, off.pictures.get(i).motionVectors().rows());
            }
            assertTrue(withVectors > FRAMES / 2, "P/B frames with vectors: " + withVectors);
        } finally {
            on.releaseAll();
            off.releaseAll();
        }
    }

    @Test
    void h265PicturesCarryNoMotionVectorsBecauseFfmpegHevcDoesNotExportThem() {
        // libavcodec exports motion vectors from its H.264 and MPEG-1/2/4 decoders only; the HEVC
        // decoder ignores +export_mvs. Documented in MotionVectors; this test notices if that changes.
        Collector out = decodeAll(h265, DecoderOptions.defaults());
        try {
            assertEquals(FRAMES, out.pictures.size());
            assertTrue(out.pictures.stream().allMatch(p -> p.motionVectors().rows() == 0));
        } finally {
            out.releaseAll();
        }
    }

    /** The clip without B-frames with one P unit lost before unit {@code lost + 1}. */
    static List<AccessUnit> withLoss(int lost) {
        List<AccessUnit> units = new ArrayList<>();
        for (int i = 0; i < h264NoB.units.size(); i++) {
            if (i == lost) {
                continue;
            }
            AccessUnit u = TestClips.copy(h264NoB.units.get(i));
            u.lossBefore(i == lost + 1);
            units.add(u);
        }
        return units;
    }

    @Test
    void afterLossPicturesUpToTheNextKeyframeAreDroppedAndReported() {
        int lost = 5; // keyframes at 0, 20, 40
        assertTrue(h264NoB.units.get(20).keyframe() && !h264NoB.units.get(lost + 1).keyframe());
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264, holdAll(DecoderOptions.defaults()))) {
            for (AccessUnit au : withLoss(lost)) {
                decoder.decode(au, out);
            }
            decoder.flush(out);
            List<Long> expectedDropped = new ArrayList<>();
            List<Long> expectedGood = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                long ts = h264NoB.units.get(i).rtpTimestamp();
                if (i > lost && i < 20) {
                    expectedDropped.add(ts);
                } else if (i != lost) {
                    expectedGood.add(ts);
                }
            }
            assertEquals(expectedDropped, out.droppedRtpTimestamps);
            assertTrue(out.dropReasons.stream().allMatch(r -> r == DropReason.DAMAGED_REFERENCE));
            assertEquals(expectedGood, out.timestamps());
            assertTrue(out.pictures.stream().noneMatch(Picture::degraded));
            assertEquals(expectedDropped.size(), decoder.stats().droppedDamaged());
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void afterLossDegradedPicturesAreDeliveredMarkedUnderTheOption() {
        int lost = 5;
        Collector out = new Collector();
        DecoderOptions options = DecoderOptions.defaults().withDegradedFramePolicy(DegradedFramePolicy.DELIVER_DEGRADED);
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264, holdAll(options))) {
            for (AccessUnit au : withLoss(lost)) {
                decoder.decode(au, out);
            }
            decoder.flush(out);
            assertEquals(FRAMES - 1, out.pictures.size());
            assertTrue(out.droppedRtpTimestamps.isEmpty());
            int degraded = 0;
            for (Picture p : out.pictures) {
                int index = h264NoB.framePts.indexOf(p.rtpTimestamp());
                assertEquals(index > lost && index < 20, p.degraded(), "frame " + index);
                degraded += p.degraded() ? 1 : 0;
                p.view(PixelFormat.BGR24); // concealed pictures have pixels
            }
            assertEquals(20 - lost - 1, degraded);
            assertEquals(degraded, decoder.stats().degradedDelivered());
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void garbageInputIsCountedNeverThrownAndDecodingRecoversAtTheNextKeyframe() {
        Collector out = new Collector();
        Random random = new Random(42);
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264, holdAll(DecoderOptions.defaults()))) {
            for (int i = 0; i < FRAMES; i++) {
                AccessUnit au = h264NoB.units.get(i);
                if (i >= 8 && i < 12) {
                    byte[] junk = new byte[500 + random.nextInt(3000)];
                    random.nextBytes(junk);
                    AccessUnit bad = new AccessUnit(junk.length).codec(VideoCodec.H264)
                            .rtpTimestamp(au.rtpTimestamp()).lossBefore(true);
                    if (i % 2 == 0) {
                        bad.appendStartCode(); // looks like a NAL unit, content random
                    }
                    bad.append(junk, 0, junk.length);
                    decoder.decode(bad, out);
                } else {
                    decoder.decode(au, out);
                }
            }
            decoder.flush(out);
            assertTrue(decoder.stats().decodeErrors() > 0, decoder.stats().toString());
            assertTrue(out.dropReasons.contains(DropReason.DECODE_ERROR), out.dropReasons.toString());
            // Everything from the keyframe at 20 on is decoded and good.
            List<Long> expected = h264NoB.framePts.subList(20, FRAMES);
            List<Long> got = out.timestamps();
            assertEquals(expected, got.subList(got.size() - expected.size(), got.size()));
            assertTrue(out.pictures.stream().filter(p -> p.rtpTimestamp() >= expected.get(0)).noneMatch(Picture::degraded));
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void compressedOnlyModeDeliversTimestampsAndUnitsWithoutPixels() {
        Collector out = decodeAll(h264, DecoderOptions.defaults().withDecodeMode(DecodeMode.NONE));
        try {
            assertEquals(FRAMES, out.pictures.size());
            for (int i = 0; i < FRAMES; i++) {
                Picture p = out.pictures.get(i);
                AccessUnit in = h264.units.get(i);
                assertEquals(in.rtpTimestamp(), p.rtpTimestamp()); // decode order: nothing is reordered
                assertFalse(p.hasPixels());
                assertEquals(0, p.width());
                assertTrue(p.hasAccessUnit());
                assertArrayEquals(Arrays.copyOf(in.data(), in.length()), Arrays.copyOf(p.accessUnit().data(), p.accessUnit().length()));
                assertEquals(in.keyframe() ? FrameType.I : FrameType.UNKNOWN, p.frameType());
                assertThrows(IllegalStateException.class, () -> p.view(PixelFormat.BGR24));
            }
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void picturesBeyondTheOutstandingLimitAreDroppedAndReported() {
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264,
                DecoderOptions.defaults().withMaxOutstandingPictures(4))) {
            for (int i = 0; i < 6; i++) {
                decoder.decode(h264NoB.units.get(i), out);
            }
            assertEquals(4, out.pictures.size());
            assertEquals(List.of(DropReason.NO_FREE_PICTURE, DropReason.NO_FREE_PICTURE), out.dropReasons);
            assertEquals(h264NoB.framePts.subList(4, 6), out.droppedRtpTimestamps);
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void onceThePoolIsExhaustedUnitsAreShedBeforeDecodingUntilAKeyframeFindsAFreePicture() {
        Collector out = new Collector();
        int keyframe = -1;
        for (int i = 6; i < h264NoB.units.size() && keyframe < 0; i++) {
            if (h264NoB.units.get(i).keyframe()) {
                keyframe = i;
            }
        }
        assertTrue(keyframe > 7, "the clip has a keyframe after unit 7");
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264,
                DecoderOptions.defaults().withMaxOutstandingPictures(4))) {
            for (int i = 0; i < 5; i++) {
                decoder.decode(h264NoB.units.get(i), out); // the fifth picture finds the pool empty
            }
            assertEquals(List.of(DropReason.NO_FREE_PICTURE), out.dropReasons);
            long picturesDecoded = decoder.stats().pictures();
            out.pictures.remove(0).release();
            // A picture is free again, but the next units are predicted from what was never output:
            // they are shed without being decoded, up to the next keyframe.
            for (int i = 5; i < keyframe; i++) {
                decoder.decode(h264NoB.units.get(i), out);
            }
            assertEquals(picturesDecoded, decoder.stats().pictures(), "nothing decoded while shedding");
            assertEquals(h264NoB.framePts.subList(4, keyframe), out.droppedRtpTimestamps);
            decoder.decode(h264NoB.units.get(keyframe), out);
            assertEquals(h264NoB.framePts.get(keyframe), out.pictures.get(out.pictures.size() - 1).rtpTimestamp());
        } finally {
            out.releaseAll();
        }
    }

    @Test
    void picturesStayValidAfterTheDecoderIsClosedAndRefCountingIsEnforced() {
        Collector out = decodeAll(h264NoB, DecoderOptions.defaults());
        Picture p = out.pictures.get(3);
        byte[] before = bytes(p.view(PixelFormat.BGR24));
        p.retain();
        out.releaseAll(); // drops one of p's two references
        // The decoder is closed (decodeAll closed it): cached and new views still work.
        assertArrayEquals(before, bytes(p.view(PixelFormat.BGR24)));
        assertEquals(W * H, p.view(PixelFormat.GRAY8).remaining());
        p.release();
        assertThrows(IllegalStateException.class, () -> p.view(PixelFormat.BGR24));
        assertThrows(IllegalStateException.class, p::retain);
        p.release(); // extra release: ignored
    }

    @Test
    void viewBuffersFollowThePicturesConvertedAndAliveNotThePicturesPooled() {
        int bgrBytes = W * H * 3;
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("test", VideoCodec.H264, holdAll(DecoderOptions.defaults()))) {
            for (AccessUnit au : h264NoB.units) {
                decoder.decode(au, out);
            }
            decoder.flush(out);
            for (Picture p : out.pictures) {
                p.view(PixelFormat.BGR24);
            }
            assertEquals(FRAMES, decoder.stats().picturesCreated(), "all pictures held at once");
            assertEquals((long) FRAMES * bgrBytes, decoder.stats().viewBytes());
            out.releaseAll();
            assertEquals((long) PicturePool.FREE_VIEW_BUFFERS * bgrBytes, decoder.stats().viewBytes(),
                    "the pool keeps a few free view buffers and frees the rest");
            assertEquals(FRAMES, decoder.stats().picturesCreated(), "the pictures themselves stay pooled");

            // A steady pipeline: each picture converted and released before the next; the pooled
            // pictures (50 now) do not each get a buffer.
            for (AccessUnit au : h264NoB.units) { // flush() above reset the decoder for a new stream
                decoder.decode(au, out);
                for (Picture p : out.pictures) {
                    p.view(PixelFormat.BGR24);
                }
                out.releaseAll();
            }
            assertEquals((long) PicturePool.FREE_VIEW_BUFFERS * bgrBytes, decoder.stats().viewBytes());
        }
    }

    @Test
    void motionVectorsAreReadFromThePictureUntilItsLastRelease() {
        Collector out = decodeAll(h264NoB, DecoderOptions.defaults());
        Picture p = out.pictures.get(5);
        try {
            assertEquals(FrameType.P, p.frameType());
            int rows = p.motionVectors().rows();
            assertTrue(rows > 0, "a P picture of a moving test pattern has motion vectors");
            assertSame(p.motionVectors(), p.motionVectors(), "read once, then the same table");
            assertEquals(rows, p.motionVectors().rows());
        } finally {
            out.releaseAll();
        }
        assertThrows(IllegalStateException.class, p::motionVectors);
    }

    @Test
    void javaCvFrameWrapsTheBgrViewWithoutCopying() {
        Collector out = decodeAll(h264NoB, DecoderOptions.defaults());
        try {
            Picture p = out.pictures.get(0);
            Frame frame = JavaCvFrames.wrapBgr(p);
            assertEquals(W, frame.imageWidth);
            assertEquals(H, frame.imageHeight);
            assertEquals(3, frame.imageChannels);
            assertEquals(Frame.DEPTH_UBYTE, frame.imageDepth);
            assertEquals(W * 3, frame.imageStride);
            assertSame(p.view(PixelFormat.BGR24), frame.image[0]);
            assertSame(p, frame.opaque);
            assertEquals('I', frame.pictType);
        } finally {
            out.releaseAll();
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static double psnr(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            se += d * d;
        }
        if (se == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = se / a.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static int median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
