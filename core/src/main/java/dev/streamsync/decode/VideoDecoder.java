package dev.streamsync.decode;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.Picture;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG2_EXPORT_MVS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_B;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_BI;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_S;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_SI;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_SP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the access units of one H.264 or H.265 stream with FFmpeg's libavcodec (through the
 * bytedeco JavaCPP presets) into reference-counted {@link Picture}s.
 *
 * <h2>Timestamps</h2>
 * Each unit's 64-bit RTP timestamp goes into {@code AVPacket.pts}; libavcodec attaches a packet's pts
 * to the picture decoded from it and keeps it through B-frame reordering and decoder delay, so every
 * picture carries the timestamp of <em>its own</em> access unit, never that of the unit last fed
 * (the reference system's defect). Pictures come out in presentation order, possibly some units later
 * than their own unit went in.
 *
 * <h2>Start of a stream</h2>
 * Decoding starts at the first keyframe for which the decoder has every parameter set
 * ({@link KeyframeGate}); units before it (a mid-GOP join, parameter sets only in-band and not seen
 * yet) are skipped and counted ({@link DecoderStats#skippedBeforeKeyframe()}), never given to FFmpeg
 * as pictures and never reported as drops: they are not read errors. The first unit after
 * {@link #flush} starts a new stream the same way.
 *
 * <h2>Logging</h2>
 * FFmpeg's own log lines go to SLF4J through {@link FfmpegLog}, installed when this class loads.
 *
 * <h2>Loss</h2>
 * A unit with {@link AccessUnit#lossBefore()} that is not a keyframe marks the stream damaged until
 * the next keyframe unit; pictures of damaged units, and pictures FFmpeg flags as corrupt, are handled
 * by the {@link DegradedFramePolicy}. Rejected units are reported as {@link DropReason#DECODE_ERROR}.
 * No FFmpeg error is thrown: each is counted in {@link #stats()} and logged once per kind.
 *
 * <h2>Threading and ownership</h2>
 * Not thread-safe: one thread (normally a {@link DecodingStage}'s) calls {@link #decode},
 * {@link #flush} and {@link #close}. The sink is called on that thread and owns each picture it
 * receives. Pictures may outlive the decoder: native memory of a picture is freed at its last release
 * after {@link #close()}, everything else at {@link #close()}.
 *
 * <h2>Threads and delay</h2>
 * One decoding thread by default; with {@code threads > 1} only slice threading is enabled
 * ({@code thread_type = FF_THREAD_SLICE}): frame threading would add {@code threads - 1} pictures of
 * delay to every stream.
 */
public final class VideoDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoder.class);

    /** AVFrame.flags bit: the frame may contain errors (libavutil/frame.h, AV_FRAME_FLAG_CORRUPT). */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    /** AVCodecContext.thread_type value for slice threading (libavcodec/avcodec.h FF_THREAD_SLICE; not mapped by the presets). */
    private static final int FF_THREAD_SLICE = 2;
    /** Metadata of recent units, looked up by pts when their pictures come out (max decoder delay is 16 + threads). */
    private static final int PENDING = 64;

    static {
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        FfmpegLog.install(); // before the first decoder opens: FFmpeg's lines go to SLF4J, never raw to stderr
    }

    private final VideoCodec codec;
    private final DecoderOptions options;
    private final DecoderStats stats;
    private final OnceLogger errors;
    private final PicturePool pool;
    private final KeyframeGate gate;
    private final String name;
    private final int eagain = AVERROR_EAGAIN();

    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame received;
    private BytePointer packetData;
    private long packetCapacity;

    private final long[] pendingPts = new long[PENDING];
    private final boolean[] pendingDamaged = new boolean[PENDING];
    private long pendingCount;
    private boolean damaged;
    /**
     * Set when a decoded picture found the pool empty: the application (or the synchronizer waiting
     * for a slower camera) holds every picture. Decoding more would only throw pictures away, so
     * units are shed before decoding, up to the next keyframe that finds a free picture. Under
     * overload this keeps the CPU for pictures that can be delivered (measured in bench/README.md,
     * "end-to-end", run 4, before this existed).
     */
    private boolean shedUntilKeyframe;

    /** The "decoding starts" line was logged for the current stream. */
    private boolean startLogged;

    private boolean closed;

    /**
     * Opens a decoder.
     *
     * @param name camera or stream name, used in log messages
     * @throws IllegalStateException when FFmpeg has no decoder for the codec or cannot open it
     */
    public VideoDecoder(String name, VideoCodec codec, DecoderOptions options) {
        this(name, codec, options, new DecoderStats());
    }

    VideoDecoder(String name, VideoCodec codec, DecoderOptions options, DecoderStats stats) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.options = Objects.requireNonNull(options, "options");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.name = name;
        this.errors = new OnceLogger(LOG, "decoder " + name + " (" + codec + ")");
        this.gate = new KeyframeGate(codec);
        this.pool = new PicturePool(options.maxOutstandingPictures(), stats);
        if (options.decodeMode() == DecodeMode.FULL) {
            try {
                open();
            } catch (RuntimeException e) {
                freeNative();
                throw e;
            }
        }
    }

    private void open() {
        AVCodec decoder = avcodec_find_decoder(codec == VideoCodec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC);
        if (decoder == null || decoder.isNull()) {
            throw new IllegalStateException("FFmpeg has no decoder for " + codec);
        }
        context = avcodec_alloc_context3(decoder);
        if (context == null || context.isNull()) {
            throw new IllegalStateException("avcodec_alloc_context3 failed");
        }
        if (options.motionVectors()) {
            context.flags2(context.flags2() | AV_CODEC_FLAG2_EXPORT_MVS);
        }
        context.thread_count(options.threads());
        context.thread_type(FF_THREAD_SLICE);
        int ret = avcodec_open2(context, decoder, (AVDictionary) null);
        if (ret < 0) {
            throw new IllegalStateException("avcodec_open2(" + codec + ") failed: " + errorText(ret));
        }
        packet = av_packet_alloc();
        received = av_frame_alloc();
        if (packet == null || packet.isNull() || received == null || received.isNull()) {
            throw new OutOfMemoryError("av_packet_alloc/av_frame_alloc failed");
        }
    }

    /** Counters of this decoder. */
    public DecoderStats stats() {
        return stats;
    }

    public VideoCodec codec() {
        return codec;
    }

    public DecoderOptions options() {
        return options;
    }

    /**
     * Decodes one access unit and hands every picture that became ready to {@code sink} (zero, one
     * or, after a reordering delay, several; each with the timestamp of its own unit). The unit is
     * only read during the call.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void decode(AccessUnit unit, DecodedPictureSink sink) {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        stats.addAccessUnit();
        if (unit.keyframe()) {
            damaged = false;
        } else if (unit.lossBefore()) {
            // Lost packets may have carried reference slices: everything up to the next keyframe is
            // decoded from damaged references.
            damaged = true;
        }
        KeyframeGate.Verdict verdict = gate.admit(unit);
        if (verdict == KeyframeGate.Verdict.SKIP) {
            skipBeforeKeyframe();
            return;
        }
        if (gate.skippedSinceReset() > 0 && !startLogged) {
            startLogged = true;
            LOG.info("decoder {} ({}): decoding starts at the first keyframe with its parameter sets (rtp {}); {} units "
                    + "before it skipped (joined mid-GOP, or parameter sets only in-band)", name, codec,
                    unit.rtpTimestamp(), gate.skippedSinceReset());
        }
        if (options.decodeMode() == DecodeMode.NONE) {
            passCompressed(unit, sink);
            return;
        }
        if (shedUntilKeyframe) {
            if (!unit.keyframe() || pool.outstanding() >= options.maxOutstandingPictures()) {
                stats.addDroppedNoFreePicture();
                dropped(sink, unit.rtpTimestamp(), DropReason.NO_FREE_PICTURE);
                return;
            }
            shedUntilKeyframe = false;
        }
        int slot = (int) (pendingCount++ % PENDING);
        pendingPts[slot] = unit.rtpTimestamp();
        pendingDamaged[slot] = damaged;

        fillPacket(unit, verdict == KeyframeGate.Verdict.DECODE_WITH_SAVED_PARAMETER_SETS ? gate.savedLength() : 0);
        int ret = avcodec_send_packet(context, packet);
        if (ret == eagain) {
            // Cannot happen while every send is followed by a full drain; handled for safety.
            drain(sink);
            ret = avcodec_send_packet(context, packet);
        }
        if (ret < 0) {
            stats.addDecodeError();
            errors.warn("send:" + ret, "FFmpeg rejected an access unit: " + errorText(ret) + " (" + unit + ")", null);
            dropped(sink, unit.rtpTimestamp(), DropReason.DECODE_ERROR);
        }
        drain(sink);
    }

    /**
     * A unit before the stream's first keyframe with its parameter sets ({@link KeyframeGate}): not
     * decoded, counted ({@link DecoderStats#skippedBeforeKeyframe()}), not reported to the sink (it is
     * no read error: the stream has not started). Its parameter sets, if any, are kept by the gate.
     */
    private void skipBeforeKeyframe() {
        stats.addSkippedBeforeKeyframe();
        if (gate.skippedSinceReset() == 1) {
            LOG.debug("decoder {} ({}): waiting for a keyframe with its parameter sets; skipping units until then", name, codec);
        }
    }

    /**
     * End of stream: outputs the pictures the decoder still holds for reordering, then resets it so
     * a new stream (starting with a keyframe with its parameter sets) can follow.
     */
    public void flush(DecodedPictureSink sink) {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        gate.reset();
        startLogged = false;
        if (context == null) {
            return;
        }
        int ret = avcodec_send_packet(context, null);
        if (ret < 0 && ret != AVERROR_EOF) {
            stats.addDecodeError();
            errors.warn("flush:" + ret, "flush failed: " + errorText(ret), null);
        }
        drain(sink);
        avcodec_flush_buffers(context);
    }

    /** Report a unit that never reached this decoder (used by {@link DecodingStage}). */
    void reportDropped(DecodedPictureSink sink, long rtpTimestamp, DropReason reason) {
        dropped(sink, rtpTimestamp, reason);
    }

    /** The unit into {@link #packet}, after the first {@code savedParameterSetBytes} of the gate's saved parameter sets. */
    private void fillPacket(AccessUnit unit, int savedParameterSetBytes) {
        int length = savedParameterSetBytes + unit.length();
        long needed = (long) length + AV_INPUT_BUFFER_PADDING_SIZE;
        if (packetData == null || packetCapacity < needed) {
            if (packetData != null) {
                av_free(packetData);
            }
            long capacity = Math.max(needed, Math.max(64 * 1024, packetCapacity * 2));
            Pointer raw = av_malloc(capacity);
            if (raw == null || raw.isNull()) {
                throw new OutOfMemoryError("av_malloc(" + capacity + ") failed");
            }
            packetData = new BytePointer(raw).capacity(capacity);
            packetCapacity = capacity;
        }
        if (savedParameterSetBytes > 0) {
            packetData.position(0).put(gate.savedParameterSets(), 0, savedParameterSetBytes);
        }
        packetData.position(savedParameterSetBytes).put(unit.data(), 0, unit.length());
        // libavcodec requires AV_INPUT_BUFFER_PADDING_SIZE zero bytes after the data (avcodec.h):
        // its bitstream readers may over-read.
        packetData.position(length).fill(0);
        packetData.position(0);
        // Not reference-counted (buf == NULL): avcodec_send_packet copies the data, so the buffer is
        // ours again when the call returns.
        packet.data(packetData);
        packet.size(length);
        packet.pts(unit.rtpTimestamp());
        packet.dts(AV_NOPTS_VALUE);
        packet.flags(unit.keyframe() ? AV_PKT_FLAG_KEY : 0);
    }

    private void drain(DecodedPictureSink sink) {
        while (true) {
            int ret = avcodec_receive_frame(context, received);
            if (ret == eagain || ret == AVERROR_EOF) {
                return;
            }
            if (ret < 0) {
                stats.addDecodeError();
                errors.warn("receive:" + ret, "avcodec_receive_frame failed: " + errorText(ret), null);
                return;
            }
            try {
                output(sink);
            } finally {
                av_frame_unref(received);
            }
        }
    }

    private void output(DecodedPictureSink sink) {
        long pts = received.pts();
        if (pts == AV_NOPTS_VALUE) {
            pts = received.best_effort_timestamp();
        }
        boolean degraded = lookupDamaged(pts)
                || (received.flags() & AV_FRAME_FLAG_CORRUPT) != 0
                || received.decode_error_flags() != 0;
        if (degraded && options.degradedFramePolicy() == DegradedFramePolicy.DROP) {
            stats.addDroppedDamaged();
            dropped(sink, pts, DropReason.DAMAGED_REFERENCE);
            return;
        }
        PooledPicture picture = pool.acquire();
        if (picture == null) {
            stats.addDroppedNoFreePicture();
            errors.warn("pool", "all " + options.maxOutstandingPictures()
                    + " pictures are held by the application; shedding units until a keyframe finds a free picture", null);
            dropped(sink, pts, DropReason.NO_FREE_PICTURE);
            shedUntilKeyframe = true;
            return;
        }
        try {
            picture.setMetadata(pts, frameType(received.pict_type()), degraded);
            // Motion vectors (side data) move into the picture with the frame reference and are read
            // only if the application asks for them (MotionVectorSideData).
            int width = received.width();
            int height = received.height();
            av_frame_move_ref(picture.frame(), received);
            picture.setPixels(width, height);
        } catch (RuntimeException | Error e) {
            picture.release();
            throw e;
        }
        deliver(sink, picture, degraded);
    }

    private void passCompressed(AccessUnit unit, DecodedPictureSink sink) {
        boolean degraded = damaged;
        if (degraded && options.degradedFramePolicy() == DegradedFramePolicy.DROP) {
            stats.addDroppedDamaged();
            dropped(sink, unit.rtpTimestamp(), DropReason.DAMAGED_REFERENCE);
            return;
        }
        PooledPicture picture = pool.acquire();
        if (picture == null) {
            stats.addDroppedNoFreePicture();
            dropped(sink, unit.rtpTimestamp(), DropReason.NO_FREE_PICTURE);
            return;
        }
        // Without decoding, the only type known is that of keyframes.
        picture.setMetadata(unit.rtpTimestamp(), unit.keyframe() ? FrameType.I : FrameType.UNKNOWN, degraded);
        picture.setAccessUnit(unit);
        deliver(sink, picture, degraded);
    }

    private void deliver(DecodedPictureSink sink, PooledPicture picture, boolean degraded) {
        stats.addPicture();
        if (degraded) {
            stats.addDegradedDelivered();
        }
        try {
            sink.onPicture(picture);
        } catch (RuntimeException e) {
            stats.addSinkError();
            errors.warn("sink:" + e.getClass().getName(), "the picture sink threw", e);
        }
    }

    private void dropped(DecodedPictureSink sink, long rtpTimestamp, DropReason reason) {
        try {
            sink.onDropped(rtpTimestamp, reason);
        } catch (RuntimeException e) {
            stats.addSinkError();
            errors.warn("sink.onDropped:" + e.getClass().getName(), "the picture sink threw in onDropped", e);
        }
    }

    /** Whether the unit with this pts was decoded from damaged input; unknown pts: the current state. */
    private boolean lookupDamaged(long pts) {
        long n = Math.min(pendingCount, PENDING);
        for (long k = 1; k <= n; k++) {
            int slot = (int) ((pendingCount - k) % PENDING);
            if (pendingPts[slot] == pts) {
                return pendingDamaged[slot];
            }
        }
        return damaged;
    }

    static FrameType frameType(int pictType) {
        if (pictType == AV_PICTURE_TYPE_I || pictType == AV_PICTURE_TYPE_SI) {
            return FrameType.I;
        }
        if (pictType == AV_PICTURE_TYPE_P || pictType == AV_PICTURE_TYPE_SP || pictType == AV_PICTURE_TYPE_S) {
            return FrameType.P;
        }
        if (pictType == AV_PICTURE_TYPE_B || pictType == AV_PICTURE_TYPE_BI) {
            return FrameType.B;
        }
        return FrameType.UNKNOWN;
    }

    /** FFmpeg's text for a negative error code of its API, with the code. */
    public static String errorText(int errnum) {
        byte[] buf = new byte[128];
        if (av_strerror(errnum, buf, buf.length) < 0) {
            return "error " + errnum;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + " (" + errnum + ")";
    }

    /**
     * Frees the FFmpeg context and buffers. Pictures still held by the application stay valid and are
     * freed at their last release. Delayed pictures not yet output are discarded (call
     * {@link #flush} first to get them). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeNative();
    }

    private void freeNative() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (received != null) {
            av_frame_free(received);
            received = null;
        }
        if (packetData != null) {
            av_free(packetData);
            packetData = null;
        }
        pool.close();
    }
}
