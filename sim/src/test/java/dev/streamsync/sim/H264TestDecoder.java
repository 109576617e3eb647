package dev.streamsync.sim;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** Test helper: FFmpeg's native H.264 decoder, access unit in, luma planes out (copied to arrays). */
public final class H264TestDecoder implements AutoCloseable {

    /** A decoded luma plane copied out of the native frame. */
    public record Luma(byte[] data, int width, int height, int stride) {
    }

    private AVCodecContext context;
    private AVFrame frame;
    private AVPacket packet;

    public H264TestDecoder() {
        var codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        context = avcodec_alloc_context3(codec);
        context.thread_count(1);
        if (avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open h264 decoder");
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
    }

    /** Decodes one Annex B access unit; returns the pictures that came out (none, one, or more). */
    public List<Luma> decode(byte[] accessUnit) {
        BytePointer data = new BytePointer(av_malloc(accessUnit.length + 64)).capacity(accessUnit.length + 64);
        data.put(accessUnit, 0, accessUnit.length);
        for (int i = 0; i < 64; i++) {
            data.put(accessUnit.length + i, (byte) 0);
        }
        org.bytedeco.ffmpeg.global.avcodec.av_packet_from_data(packet, data, accessUnit.length);
        int rc = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (rc < 0) {
            throw new IllegalStateException("avcodec_send_packet: " + rc);
        }
        List<Luma> out = new ArrayList<>();
        while (avcodec_receive_frame(context, frame) == 0) {
            int w = frame.width();
            int h = frame.height();
            int stride = frame.linesize(0);
            byte[] luma = new byte[stride * h];
            frame.data(0).get(luma);
            out.add(new Luma(luma, w, h, stride));
            av_frame_unref(frame);
        }
        return out;
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
