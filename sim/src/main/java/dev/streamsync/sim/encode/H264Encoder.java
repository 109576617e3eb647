package dev.streamsync.sim.encode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_error_string;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * H.264 encoder on FFmpeg's {@code libopenh264} wrapper (Cisco OpenH264 in the bytedeco FFmpeg
 * build): YUV 4:2:0 in, one Annex B access unit out per picture, constrained baseline profile, no
 * B-frames (so no reordering delay), SPS and PPS in-band before every IDR (no
 * {@code AV_CODEC_FLAG_GLOBAL_HEADER}), one slice per picture.
 *
 * <p>Threading: not thread-safe; use from one thread (the camera's encoder thread, never a Netty
 * event loop: encoding blocks for milliseconds). Owns native memory; {@link #close()} frees it.
 */
public final class H264Encoder implements AutoCloseable {

    /** FFmpeg's name of the encoder used. */
    public static final String CODEC_NAME = "libopenh264";

    private final int width;
    private final int height;
    private AVCodecContext context;
    private AVFrame frame;
    private AVPacket packet;
    private long pts;

    /**
     * @param width        picture width in pixels, even
     * @param height       picture height in pixels, even
     * @param fps          frames per second (the time base is 1/fps)
     * @param gopFrames    frames from one IDR to the next
     * @param bitRateBps   target bit rate in bits per second
     * @throws IllegalStateException if the encoder is missing from the FFmpeg build or does not open
     */
    public H264Encoder(int width, int height, int fps, int gopFrames, long bitRateBps) {
        FfmpegLog.quiet();
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name(CODEC_NAME);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("FFmpeg build has no " + CODEC_NAME + " encoder");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, fps));
        context.framerate(av_make_q(fps, 1));
        context.gop_size(gopFrames);
        context.max_b_frames(0);
        context.bit_rate(bitRateBps);
        // No profile set: the wrapper then asks OpenH264 for its default, constrained baseline with CAVLC;
        // passing AV_PROFILE_H264_CONSTRAINED_BASELINE (578) makes OpenH264 warn and fall back to the same.
        context.thread_count(1);
        int rc = avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (rc < 0) {
            avcodec_free_context(context);
            context = null;
            throw new IllegalStateException("avcodec_open2(" + CODEC_NAME + ") failed: " + error(rc));
        }
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(width);
        frame.height(height);
        rc = av_frame_get_buffer(frame, 0);
        if (rc < 0) {
            close();
            throw new IllegalStateException("av_frame_get_buffer failed: " + error(rc));
        }
        packet = av_packet_alloc();
    }

    /** Whether this FFmpeg build has the {@value #CODEC_NAME} encoder. */
    public static boolean isAvailable() {
        AVCodec codec = avcodec_find_encoder_by_name(CODEC_NAME);
        return codec != null && !codec.isNull();
    }

    /**
     * Encodes one picture.
     *
     * @param luma          {@code width * height} bytes, stride = width
     * @param cb            {@code width/2 * height/2} bytes
     * @param cr            {@code width/2 * height/2} bytes
     * @param forceKeyframe make this picture an IDR (a client just started playing)
     * @return the access unit in Annex B format, or null if the encoder produced none for this picture
     */
    public byte[] encode(byte[] luma, byte[] cb, byte[] cr, boolean forceKeyframe) {
        if (context == null) {
            throw new IllegalStateException("encoder closed");
        }
        int rc = av_frame_make_writable(frame);
        if (rc < 0) {
            throw new IllegalStateException("av_frame_make_writable failed: " + error(rc));
        }
        copyPlane(frame.data(0), frame.linesize(0), luma, width, height);
        copyPlane(frame.data(1), frame.linesize(1), cb, width / 2, height / 2);
        copyPlane(frame.data(2), frame.linesize(2), cr, width / 2, height / 2);
        frame.pts(pts++);
        frame.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        rc = avcodec_send_frame(context, frame);
        if (rc < 0) {
            throw new IllegalStateException("avcodec_send_frame failed: " + error(rc));
        }
        byte[] out = null;
        while (true) {
            rc = avcodec_receive_packet(context, packet);
            if (rc == AVERROR_EAGAIN()) {
                return out;
            }
            if (rc < 0) {
                throw new IllegalStateException("avcodec_receive_packet failed: " + error(rc));
            }
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            av_packet_unref(packet);
            if (out == null) {
                out = bytes;
            } else {
                byte[] joined = new byte[out.length + bytes.length];
                System.arraycopy(out, 0, joined, 0, out.length);
                System.arraycopy(bytes, 0, joined, out.length, bytes.length);
                out = joined;
            }
        }
    }

    private static void copyPlane(BytePointer dst, int linesize, byte[] src, int w, int h) {
        if (linesize == w) {
            dst.position(0).put(src, 0, w * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            dst.position((long) y * linesize).put(src, y * w, w);
        }
        dst.position(0);
    }

    private static String error(int rc) {
        byte[] buf = new byte[256];
        av_make_error_string(buf, buf.length, rc);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + " (" + rc + ")";
    }

    /** Frees the native encoder, frame and packet. Idempotent. */
    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }
}
