package dev.streamsync.sim.encode;

import dev.streamsync.sim.h264.AnnexB;
import dev.streamsync.sim.h264.CaptureTimeSei;
import dev.streamsync.sim.picture.TestPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loop of encoded test-pattern frames, encoded once per configuration and shared by every camera
 * of that configuration; {@link #source()} replays it with a fresh capture-time SEI per frame.
 * The loop starts with an IDR and is a whole number of GOPs long, so wrapping around is seamless for
 * a decoder. The pixels carry no capture time.
 *
 * <p>Threading: {@link #get} is thread-safe (the first caller for a configuration encodes, the
 * others wait); a loop is immutable; each {@link #source()} is for one thread.
 */
public final class PreEncodedLoop {

    private record Key(int width, int height, int fps, int gopFrames, long bitRateBps, int frames) {
    }

    private static final Map<Key, PreEncodedLoop> CACHE = new ConcurrentHashMap<>();
    /** Largest number of frames in one loop (bounded memory: 600 frames of 1080p are about 15 MB). */
    public static final int MAX_FRAMES = 600;

    private final List<byte[]> accessUnits;
    private final boolean[] keyframes;
    private final byte[] sps;
    private final byte[] pps;

    private PreEncodedLoop(Key key) {
        TestPattern pattern = new TestPattern(key.width(), key.height());
        List<byte[]> units = new ArrayList<>(key.frames());
        try (H264Encoder encoder = new H264Encoder(key.width(), key.height(), key.fps(), key.gopFrames(), key.bitRateBps())) {
            long index = 0;
            while (units.size() < key.frames()) {
                pattern.render(index);
                byte[] au = encoder.encode(pattern.luma(), pattern.cb(), pattern.cr(), units.size() % key.gopFrames() == 0);
                index++;
                if (au != null) {
                    units.add(au);
                }
                if (index > 2L * key.frames() + 16) {
                    throw new IllegalStateException("encoder produced too few access units");
                }
            }
        }
        sps = AnnexB.first(units.get(0), AnnexB.NAL_SPS);
        pps = AnnexB.first(units.get(0), AnnexB.NAL_PPS);
        if (sps == null || pps == null) {
            throw new IllegalStateException("pre-encoded loop does not start with SPS/PPS");
        }
        keyframes = new boolean[units.size()];
        for (int i = 0; i < units.size(); i++) {
            keyframes[i] = AnnexB.containsIdr(units.get(i));
            units.set(i, AnnexB.rebuild(units.get(i), sps, pps, null));
        }
        accessUnits = List.copyOf(units);
    }

    /**
     * The loop for this configuration, encoding it on first use (this takes a second or two at 1080p).
     *
     * @param loopFrames frames in the loop, rounded up to whole GOPs, at most {@value #MAX_FRAMES}
     */
    public static PreEncodedLoop get(int width, int height, int fps, int gopFrames, long bitRateBps, int loopFrames) {
        int gops = Math.max(1, (loopFrames + gopFrames - 1) / gopFrames);
        int frames = Math.min(MAX_FRAMES, gops * gopFrames);
        return CACHE.computeIfAbsent(new Key(width, height, fps, gopFrames, bitRateBps, frames), PreEncodedLoop::new);
    }

    /** Frames in the loop. */
    public int size() {
        return accessUnits.size();
    }

    /** A replaying source positioned at the loop's first frame. */
    public FrameSource source() {
        return new FrameSource() {
            private int next;

            @Override
            public byte[] next(long captureTimeUtcMicros, boolean forceKeyframe) {
                byte[] au = accessUnits.get(next);
                next = (next + 1) % accessUnits.size();
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
                // the loop is shared and lives on the Java heap: nothing to free
            }
        };
    }

    /** Whether frame {@code index} of the loop is an IDR. */
    public boolean isKeyframe(int index) {
        return keyframes[index];
    }
}
