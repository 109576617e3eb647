package dev.streamsync.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Run in a child JVM by {@link FfmpegLogTest}, so that the process's own file descriptor 2 can be
 * captured: decodes an Annex B H.264 stream whose P-frames after the first keyframe are damaged
 * (bytes of their slice data overwritten), which makes FFmpeg log several lines per unit.
 *
 * <p>{@code streamsync PATH}: through {@link VideoDecoder} (FFmpeg's log goes through SLF4J), then
 * prints {@code lines=N suppressed=M} on stdout. {@code raw PATH}: the same units through libavcodec
 * directly, without {@link FfmpegLog}: the control, FFmpeg's default callback writes to stderr.
 */
public final class FfmpegLogChild {
    private FfmpegLogChild() {
    }

    static List<AccessUnit> damagedUnits(Path annexB) throws Exception {
        List<AccessUnit> units = new ArrayList<>();
        Random random = new Random(10);
        for (AnnexBSplitter.Unit u : AnnexBSplitter.split(Files.readAllBytes(annexB), VideoCodec.H264)) {
            byte[] bytes = u.bytes.clone();
            if (!u.keyframe && bytes.length > 40) {
                for (int k = 0; k < 6; k++) { // past the slice header: damaged macroblocks, not a missing unit
                    bytes[20 + random.nextInt(bytes.length - 20)] = (byte) random.nextInt(256);
                }
            }
            units.add(new AccessUnit(bytes.length).codec(VideoCodec.H264).append(bytes, 0, bytes.length)
                    .rtpTimestamp(units.size() * 3000L).keyframe(u.keyframe));
        }
        return units;
    }

    public static void main(String[] args) throws Exception {
        List<AccessUnit> units = damagedUnits(Path.of(args[1]));
        if (args[0].equals("raw")) {
            decodeRaw(units);
            return;
        }
        Collector out = new Collector();
        try (VideoDecoder decoder = new VideoDecoder("child", VideoCodec.H264, DecoderOptions.defaults()
                .withDegradedFramePolicy(DegradedFramePolicy.DELIVER_DEGRADED))) {
            for (AccessUnit u : units) {
                decoder.decode(u, out);
                out.releaseAll();
            }
            decoder.flush(out);
            out.releaseAll();
        }
        System.out.println("lines=" + FfmpegLog.lines() + " suppressed=" + FfmpegLog.suppressedLines());
    }

    private static void decodeRaw(List<AccessUnit> units) {
        AVCodecContext context = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        avcodec_open2(context, avcodec_find_decoder(AV_CODEC_ID_H264), (AVDictionary) null);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        for (AccessUnit u : units) {
            BytePointer data = new BytePointer(u.length() + 64);
            data.put(u.data(), 0, u.length());
            packet.data(data).size(u.length());
            avcodec_send_packet(context, packet);
            while (avcodec_receive_frame(context, frame) == 0) {
                // frames are discarded; only the log matters
            }
            data.deallocate();
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
