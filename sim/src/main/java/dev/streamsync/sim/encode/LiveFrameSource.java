package dev.streamsync.sim.encode;

import dev.streamsync.sim.h264.AnnexB;
import dev.streamsync.sim.h264.CaptureTimeSei;
import dev.streamsync.sim.picture.CaptureTimeCode;
import dev.streamsync.sim.picture.TestPattern;

/**
 * Renders the test pattern, paints the capture time into it and encodes it, one frame per call.
 * Not thread-safe; owns an {@link H264Encoder}.
 */
public final class LiveFrameSource implements FrameSource {

    private final TestPattern pattern;
    private final H264Encoder encoder;
    private final boolean paintTime;
    private final byte[] sps;
    private final byte[] pps;
    private long frameIndex;

    /**
     * Opens the encoder and encodes a first picture to learn the parameter sets (that picture is discarded).
     */
    public LiveFrameSource(int width, int height, int fps, int gopFrames, long bitRateBps) {
        pattern = new TestPattern(width, height);
        paintTime = CaptureTimeCode.cellSizePx(width, height) > 0;
        encoder = new H264Encoder(width, height, fps, gopFrames, bitRateBps);
        try {
            byte[] first = null;
            for (int i = 0; i < 8 && first == null; i++) {
                pattern.render(frameIndex++);
                first = encoder.encode(pattern.luma(), pattern.cb(), pattern.cr(), true);
            }
            if (first == null) {
                throw new IllegalStateException("encoder produced no output for 8 pictures");
            }
            sps = AnnexB.first(first, AnnexB.NAL_SPS);
            pps = AnnexB.first(first, AnnexB.NAL_PPS);
            if (sps == null || pps == null || sps.length < 4) {
                throw new IllegalStateException("first access unit has no SPS/PPS");
            }
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    @Override
    public byte[] next(long captureTimeUtcMicros, boolean forceKeyframe) {
        pattern.render(frameIndex++);
        if (paintTime) {
            CaptureTimeCode.paint(pattern.luma(), pattern.width(), pattern.height(), pattern.width(), captureTimeUtcMicros);
        }
        byte[] au = encoder.encode(pattern.luma(), pattern.cb(), pattern.cr(), forceKeyframe);
        if (au == null) {
            return null;
        }
        return AnnexB.rebuild(au, sps, pps, CaptureTimeSei.nal(captureTimeUtcMicros));
    }

    @Override
    public byte[] sps() {
        return sps.clone();
    }

    @Override
    public byte[] pps() {
        return pps.clone();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
