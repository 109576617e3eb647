package dev.streamsync.decode;

import dev.streamsync.picture.MotionVectors;

import java.util.Objects;

/**
 * Settings of a {@link VideoDecoder} and a {@link DecodingStage}. Immutable; the {@code with...}
 * methods return a modified copy. Start from {@link #defaults()}.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>motionVectors</td><td>true</td><td>FFmpeg {@code flags2 +export_mvs}; the N x 10 table of
 *   {@link MotionVectors}</td></tr>
 * <tr><td>degradedFramePolicy</td><td>DROP</td><td>pictures decoded from damaged input</td></tr>
 * <tr><td>threads</td><td>1</td><td>decoder threads; more than one uses slice threading only
 *   ({@code FF_THREAD_SLICE}), which adds no frame delay but helps only streams with several slices
 *   per picture</td></tr>
 * <tr><td>decodeMode</td><td>FULL</td><td>{@link DecodeMode#NONE} keeps timestamps and compressed units
 *   only</td></tr>
 * <tr><td>maxOutstandingPictures</td><td>128</td><td>pictures of one decoder alive at once (in the
 *   synchronizer's ring and pending queue, in queued packets, held by the application); beyond that new
 *   pictures are dropped ({@link DropReason#NO_FREE_PICTURE}), so a slow or leaking application cannot
 *   make native memory grow without bound. 128 covers the synchronizer's defaults: 16 ring slots, up to
 *   64 frames pending (a reference camera's frames while a camera up to the 2 s maxLatency behind is
 *   waited for), 10 queued packets and the few pictures held for the first clock anchor</td></tr>
 * <tr><td>ringSize</td><td>64</td><td>access units a {@link DecodingStage} buffers between the network
 *   thread and the decoder thread (power of two)</td></tr>
 * </table>
 */
public final class DecoderOptions {
    private static final DecoderOptions DEFAULTS =
            new DecoderOptions(true, DegradedFramePolicy.DROP, 1, DecodeMode.FULL, 128, 64);

    private final boolean motionVectors;
    private final DegradedFramePolicy degradedFramePolicy;
    private final int threads;
    private final DecodeMode decodeMode;
    private final int maxOutstandingPictures;
    private final int ringSize;

    private DecoderOptions(boolean motionVectors, DegradedFramePolicy degradedFramePolicy, int threads,
                           DecodeMode decodeMode, int maxOutstandingPictures, int ringSize) {
        this.motionVectors = motionVectors;
        this.degradedFramePolicy = Objects.requireNonNull(degradedFramePolicy, "degradedFramePolicy");
        this.decodeMode = Objects.requireNonNull(decodeMode, "decodeMode");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64: " + threads);
        }
        if (maxOutstandingPictures < 1 || maxOutstandingPictures > 4096) {
            throw new IllegalArgumentException("maxOutstandingPictures must be 1..4096: " + maxOutstandingPictures);
        }
        if (ringSize < 2 || ringSize > 65536 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two in 2..65536: " + ringSize);
        }
        this.threads = threads;
        this.maxOutstandingPictures = maxOutstandingPictures;
        this.ringSize = ringSize;
    }

    /** Motion vectors on, drop degraded pictures, one thread, full decoding, 64 pictures, ring of 64. */
    public static DecoderOptions defaults() {
        return DEFAULTS;
    }

    public boolean motionVectors() { return motionVectors; }

    public DegradedFramePolicy degradedFramePolicy() { return degradedFramePolicy; }

    public int threads() { return threads; }

    public DecodeMode decodeMode() { return decodeMode; }

    public int maxOutstandingPictures() { return maxOutstandingPictures; }

    public int ringSize() { return ringSize; }

    public DecoderOptions withMotionVectors(boolean on) {
        return new DecoderOptions(on, degradedFramePolicy, threads, decodeMode, maxOutstandingPictures, ringSize);
    }

    public DecoderOptions withDegradedFramePolicy(DegradedFramePolicy policy) {
        return new DecoderOptions(motionVectors, policy, threads, decodeMode, maxOutstandingPictures, ringSize);
    }

    public DecoderOptions withThreads(int count) {
        return new DecoderOptions(motionVectors, degradedFramePolicy, count, decodeMode, maxOutstandingPictures, ringSize);
    }

    public DecoderOptions withDecodeMode(DecodeMode mode) {
        return new DecoderOptions(motionVectors, degradedFramePolicy, threads, mode, maxOutstandingPictures, ringSize);
    }

    public DecoderOptions withMaxOutstandingPictures(int count) {
        return new DecoderOptions(motionVectors, degradedFramePolicy, threads, decodeMode, count, ringSize);
    }

    public DecoderOptions withRingSize(int slots) {
        return new DecoderOptions(motionVectors, degradedFramePolicy, threads, decodeMode, maxOutstandingPictures, slots);
    }

    @Override
    public String toString() {
        return "DecoderOptions{motionVectors=" + motionVectors + ", degraded=" + degradedFramePolicy
                + ", threads=" + threads + ", mode=" + decodeMode + ", maxOutstandingPictures="
                + maxOutstandingPictures + ", ringSize=" + ringSize + '}';
    }
}
