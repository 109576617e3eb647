package dev.streamsync.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams that do not start with a keyframe and its parameter sets, as real servers send them: a
 * client joining GStreamer's RTSP server mid-GOP gets P-frames first; VLC's SDP has no
 * sprop-parameter-sets, so SPS and PPS come only in-band with the next IDR. Encoded by the ffmpeg
 * command line (libx264 / libx265, parameter sets in front of every keyframe and nowhere else).
 */
class KeyframeGateTest {
    static final int FRAMES = 40;
    static final int GOP = 10;
    /** Where the client joins: the third P-frame of the first GOP. */
    static final int JOIN = 3;

    @TempDir
    static Path dir;
    static TestClips.Clip h264;
    static TestClips.Clip h265;

    @BeforeAll
    static void makeClips() throws Exception {
        h264 = TestClips.make(dir, "gop", VideoCodec.H264, "testsrc2=size=160x120:rate=25", FRAMES,
                "-bf", "0", "-g", Integer.toString(GOP), "-sc_threshold", "0");
        h265 = TestClips.make(dir, "goph", VideoCodec.H265, "testsrc2=size=160x120:rate=25", FRAMES,
                "-x265-params", "bframes=0:keyint=" + GOP + ":min-keyint=" + GOP + ":scenecut=0:log-level=error");
    }

    /** Types of the NAL units of an Annex B unit. */
    static List<Integer> nalTypes(AccessUnit unit) {
        List<Integer> types = new ArrayList<>();
        byte[] d = unit.data();
        for (int i = 0; i + 3 < unit.length(); i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                types.add(unit.codec() == VideoCodec.H264 ? d[i + 3] & 0x1f : (d[i + 3] >> 1) & 0x3f);
                i += 2;
            }
        }
        return types;
    }

    /** Decodes {@code units} through a stage; waits for {@code expectedPictures}; returns the collector (pictures released by the caller). */
    static DecodingStageTest.QueueSink run(VideoCodec codec, List<AccessUnit> units, int expectedPictures, DecoderStats[] stats)
            throws Exception {
        DecodingStageTest.QueueSink sink = new DecodingStageTest.QueueSink();
        long linesBefore = FfmpegLog.lines();
        try (DecodingStage stage = new DecodingStage("join", codec, DecoderOptions.defaults(), sink)) {
            for (AccessUnit u : units) {
                assertTrue(stage.offer(u));
            }
            assertTrue(stage.endOfStream());
            // The end of stream reaches the sink after the last picture the decoder gives.
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS), "end of stream reported");
            assertEquals(expectedPictures, stage.stats().pictures(), "pictures decoded");
            stats[0] = stage.stats();
        }
        assertEquals(0, FfmpegLog.lines() - linesBefore, "FFmpeg had nothing to complain about");
        return sink;
    }

    @Test
    void aMidGopJoinSkipsThePFramesBeforeTheFirstIdrAndDecodesFromItWithoutAReadError() throws Exception {
        List<AccessUnit> joined = h264.units.subList(JOIN, FRAMES);
        // The fixture is what the issue describes: P-frames without parameter sets, then SPS PPS IDR.
        for (int i = JOIN; i < GOP; i++) {
            assertEquals(List.of(1), nalTypes(h264.units.get(i)), "unit " + i);
        }
        assertTrue(nalTypes(h264.units.get(GOP)).containsAll(List.of(7, 8, 5)), nalTypes(h264.units.get(GOP)).toString());

        DecoderStats[] stats = new DecoderStats[1];
        DecodingStageTest.QueueSink sink = run(VideoCodec.H264, joined, FRAMES - GOP, stats);
        try {
            assertTrue(sink.reasons.isEmpty(), "no drop, so no read error: " + sink.reasons);
            assertEquals(GOP - JOIN, stats[0].skippedBeforeKeyframe());
            assertEquals(0, stats[0].decodeErrors(), stats[0].toString());
            List<Long> got = new ArrayList<>();
            for (Picture p : sink.pictures) {
                got.add(p.rtpTimestamp());
                assertFalse(p.degraded());
            }
            assertEquals(h264.framePts.subList(GOP, FRAMES), got, "every picture from the IDR on, none before");
            assertEquals(FrameType.I, sink.pictures.peek().frameType());
        } finally {
            sink.pictures.forEach(Picture::release);
        }
    }

    /**
     * Parameter sets in a unit before the keyframe (an encoder that sends them apart, or a stream whose
     * depacketizer carried them into a P-frame): that unit's pictures are skipped, its parameter sets
     * are not, and the IDR without its own starts the stream.
     */
    @Test
    void parameterSetsOfASkippedUnitReachTheDecoderSoAnIdrWithoutItsOwnStartsTheStream() throws Exception {
        AccessUnit idr = h264.units.get(GOP);
        byte[] d = Arrays.copyOf(idr.data(), idr.length());
        int idrStart = -1;
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1 && (d[i + 3] & 0x1f) == 5) {
                idrStart = i > 0 && d[i - 1] == 0 ? i - 1 : i;
                break;
            }
        }
        assertTrue(idrStart > 0);
        List<AccessUnit> units = new ArrayList<>();
        for (int i = JOIN; i < FRAMES; i++) {
            units.add(TestClips.copy(h264.units.get(i)));
        }
        int before = GOP - 1 - JOIN;
        AccessUnit lastP = units.get(before);
        AccessUnit moved = new AccessUnit(d.length + lastP.length()).codec(VideoCodec.H264).rtpTimestamp(lastP.rtpTimestamp())
                .append(d, 0, idrStart).append(lastP.data(), 0, lastP.length());
        units.set(before, moved); // SPS PPS P-slice
        units.set(before + 1, new AccessUnit(d.length).codec(VideoCodec.H264).rtpTimestamp(idr.rtpTimestamp())
                .keyframe(true).append(d, idrStart, d.length - idrStart)); // IDR alone
        assertEquals(List.of(7, 8, 1), nalTypes(units.get(before)).subList(nalTypes(units.get(before)).size() - 3,
                nalTypes(units.get(before)).size()));
        assertEquals(List.of(5), nalTypes(units.get(before + 1)));

        DecoderStats[] stats = new DecoderStats[1];
        DecodingStageTest.QueueSink sink = run(VideoCodec.H264, units, FRAMES - GOP, stats);
        try {
            assertTrue(sink.reasons.isEmpty(), sink.reasons.toString());
            assertEquals(GOP - JOIN, stats[0].skippedBeforeKeyframe());
            assertEquals(0, stats[0].decodeErrors(), stats[0].toString());
            assertEquals(FRAMES - GOP, sink.pictures.size());
            assertEquals(h264.framePts.get(GOP), sink.pictures.peek().rtpTimestamp());
        } finally {
            sink.pictures.forEach(Picture::release);
        }
    }

    @Test
    void anH265StreamStartsAtTheFirstIrapWithItsVpsSpsAndPps() throws Exception {
        assertTrue(nalTypes(h265.units.get(GOP)).containsAll(List.of(32, 33, 34)), nalTypes(h265.units.get(GOP)).toString());
        assertFalse(nalTypes(h265.units.get(JOIN)).contains(33));
        DecoderStats[] stats = new DecoderStats[1];
        DecodingStageTest.QueueSink sink = run(VideoCodec.H265, h265.units.subList(JOIN, FRAMES), FRAMES - GOP, stats);
        try {
            assertTrue(sink.reasons.isEmpty(), sink.reasons.toString());
            assertEquals(GOP - JOIN, stats[0].skippedBeforeKeyframe());
            assertEquals(0, stats[0].decodeErrors(), stats[0].toString());
            List<Long> got = new ArrayList<>();
            sink.pictures.forEach(p -> got.add(p.rtpTimestamp()));
            assertEquals(h265.framePts.subList(GOP, FRAMES), got);
        } finally {
            sink.pictures.forEach(Picture::release);
        }
    }

    /** A new stream (after end of stream or a session switch) waits for its own keyframe again. */
    @Test
    void afterAFlushTheNextStreamWaitsForItsOwnKeyframeAgain() {
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("join", VideoCodec.H264, DecoderOptions.defaults())) {
            for (int i = 0; i < GOP + 2; i++) {
                decoder.decode(h264.units.get(i), out);
            }
            decoder.flush(out);
            assertEquals(0, decoder.stats().skippedBeforeKeyframe());
            for (int i = JOIN; i < GOP + 1; i++) {
                decoder.decode(h264.units.get(i), out);
            }
            decoder.flush(out);
            assertEquals(GOP - JOIN, decoder.stats().skippedBeforeKeyframe());
            assertEquals(GOP + 2 + 1, out.pictures.size());
            assertTrue(out.dropReasons.isEmpty());
        } finally {
            out.releaseAll();
        }
    }
}
