package dev.streamsync.decode;

import dev.streamsync.picture.PixelFormat;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded frames of one decoder into tightly packed {@link PixelFormat} views with swscale.
 * One {@code SwsContext} per target format, re-created only when the source size or pixel format
 * changes ({@code sws_getCachedContext}).
 *
 * <p>Threading: pictures of one decoder may be viewed on several threads; swscale contexts are not
 * thread-safe, so conversions of one decoder are serialized by this object's lock (different cameras
 * convert in parallel). Ownership: owned by the {@link PicturePool}, freed when the pool is closed and
 * the last picture is back ({@link #free()}).
 */
final class ViewConverter {
    /** Same flags as the ffmpeg command line's default scaler, so views equal {@code -pix_fmt bgr24} output. */
    private static final int SWS_FLAGS = SWS_BICUBIC;

    private final SwsContext[] contexts = new SwsContext[PixelFormat.values().length];
    /** Colorspace/range last applied to each context, -1 when never set. */
    private final int[] appliedColorKey = new int[PixelFormat.values().length];
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private boolean freed;

    ViewConverter() {
        java.util.Arrays.fill(appliedColorKey, -1);
    }

    /**
     * Converts {@code src} into {@code dst}, which holds at least
     * {@code format.bufferSize(width, height)} bytes.
     */
    synchronized void convert(AVFrame src, PixelFormat format, BytePointer dst) {
        if (freed) {
            throw new IllegalStateException("converter freed");
        }
        int width = src.width();
        int height = src.height();
        int i = format.ordinal();
        SwsContext ctx = sws_getCachedContext(contexts[i], width, height, src.format(),
                width, height, avPixelFormat(format), SWS_FLAGS, null, null, (DoublePointer) null);
        if (ctx == null || ctx.isNull()) {
            throw new IllegalStateException("swscale cannot convert pixel format " + src.format() + " to " + format);
        }
        if (ctx != contexts[i]) {
            contexts[i] = ctx;
            appliedColorKey[i] = -1;
        }
        if (format == PixelFormat.BGR24 || format == PixelFormat.RGB24) {
            applyColorspace(i, ctx, src);
        }
        BytePointer plane0 = new BytePointer(dst).position(0);
        dstData.put(0, plane0);
        if (format == PixelFormat.YUV420P) {
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            dstData.put(1, new BytePointer(dst).position((long) width * height));
            dstData.put(2, new BytePointer(dst).position((long) width * height + (long) cw * ch));
            dstStride.put(0, width).put(1, cw).put(2, cw);
        } else {
            dstStride.put(0, format == PixelFormat.GRAY8 ? width : width * 3);
        }
        int rows = sws_scale(ctx, src.data(), src.linesize(), 0, height, dstData, dstStride);
        if (rows != height) {
            throw new IllegalStateException("sws_scale wrote " + rows + " of " + height + " rows");
        }
    }

    /**
     * The YUV to RGB matrix follows the frame's own colour tags (BT.709 cameras are common); untagged
     * frames use swscale's default, BT.601, as the ffmpeg command line does. Full-range input
     * ({@code color_range = JPEG}, or the deprecated yuvj formats) is expanded accordingly.
     */
    private void applyColorspace(int i, SwsContext ctx, AVFrame src) {
        int colorspace = src.colorspace();
        int fmt = src.format();
        boolean fullRange = src.color_range() == AVCOL_RANGE_JPEG
                || fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P;
        int key = (colorspace << 1) | (fullRange ? 1 : 0);
        if (key == appliedColorKey[i]) {
            return;
        }
        int cs = colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : colorspace;
        IntPointer inv = sws_getCoefficients(cs);
        IntPointer table = sws_getCoefficients(SWS_CS_DEFAULT);
        // brightness 0, contrast and saturation 1.0 in 16.16 fixed point (swscale.h).
        sws_setColorspaceDetails(ctx, inv, fullRange ? 1 : 0, table, 1, 0, 1 << 16, 1 << 16);
        appliedColorKey[i] = key;
    }

    static int avPixelFormat(PixelFormat format) {
        switch (format) {
            case BGR24: return AV_PIX_FMT_BGR24;
            case RGB24: return AV_PIX_FMT_RGB24;
            case GRAY8: return AV_PIX_FMT_GRAY8;
            case YUV420P: return AV_PIX_FMT_YUV420P;
            default: throw new IllegalArgumentException(String.valueOf(format));
        }
    }

    /** Frees the swscale contexts. Idempotent. */
    synchronized void free() {
        if (freed) {
            return;
        }
        freed = true;
        for (int i = 0; i < contexts.length; i++) {
            if (contexts[i] != null) {
                sws_freeContext(contexts[i]);
                contexts[i] = null;
            }
        }
        dstData.close();
        dstStride.close();
    }
}
