package dev.streamsync.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.decode.DecodingStage;
import dev.streamsync.decode.FfmpegLog;
import dev.streamsync.decode.VideoDecoder;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import dev.streamsync.rtsp.RtspClientConfig;
import dev.streamsync.spi.FrameSink;
import dev.streamsync.spi.FrameSource;
import dev.streamsync.clock.MicrosClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file (H.264 or H.265 in MP4, Matroska, MPEG-TS or a raw Annex B stream) as a camera, as in
 * the reference system: played at its own pace (packets are released at the wall-clock time their
 * decode timestamp says) and each picture stamped with the system clock at the start of playback plus
 * its presentation time, flagged {@link TimestampSource#FILE}.
 *
 * <p>Threading: one reader thread ({@code streamsync-file-NAME}) demuxes and paces; the picture
 * pipeline is the same {@link DecodingStage} and {@link CaptureStamper} RTSP cameras use (the file's
 * clock is anchored before its first picture, so nothing is ever held). At the end of the file (or when it cannot
 * be read) the source ends ({@link FrameSink#onEnded}): entries say CAP_BROKEN with the reason, as in the
 * reference system, nothing retries, and once every camera has ended the synchronizer says so. The
 * failure's kind is {@link FailureKind#END_OF_STREAM} at the end of the file, {@link FailureKind#NOT_FOUND}
 * for a missing file, {@link FailureKind#UNSUPPORTED_MEDIA} when there is nothing to decode, and
 * {@link FailureKind#READ_ERROR} when reading fails.
 *
 * <p>Ownership: native demuxer, bitstream filter and packets are freed by the reader thread as it
 * exits; {@link #close()} stops it and joins it and the decoder thread.
 */
final class FileFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileFrameSource.class);
    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);
    private static final long JOIN_MILLIS = 2_000;
    /** Largest access unit read from a file: the RTSP client's default limit ({@code RtspClientConfig}). */
    static final int MAX_ACCESS_UNIT_BYTES = RtspClientConfig.DEFAULT_MAX_ACCESS_UNIT_BYTES;
    /** Wait between attempts to queue the end-of-stream marker while the decoder ring is full. */
    private static final long END_RETRY_MILLIS = 10;

    private final Path path;
    private final String name;
    private final DecoderOptions decoderOptions;
    private final Thread reader;
    private volatile FrameSink sink;
    private volatile boolean closed;
    private volatile DecodingStage stage;
    /** Stamps and delivers the pictures; anchored by the reader at the first packet, before any picture. */
    private volatile CaptureStamper stamper;

    FileFrameSource(Path path, int cameraIndex, DecoderOptions decoderOptions) {
        this.path = path;
        this.name = "cam" + cameraIndex;
        this.decoderOptions = decoderOptions;
        this.reader = new Thread(this::run, "streamsync-file-" + name);
        this.reader.setDaemon(true);
    }

    @Override
    public void start(FrameSink frameSink) {
        this.sink = frameSink;
        reader.start();
    }

    private void run() {
        FfmpegLog.install(); // libavformat logs too: through SLF4J, never raw to stderr
        AVFormatContext format = new AVFormatContext(null);
        AVBSFContext bsf = new AVBSFContext(null);
        AVPacket in = av_packet_alloc();
        AVPacket out = av_packet_alloc();
        boolean opened = false;
        try {
            int ret = avformat_open_input(format, path.toString(), null, (AVDictionary) null);
            if (ret < 0) {
                if (Files.notExists(path)) {
                    ended(FailureKind.NOT_FOUND, "no such video file: " + path);
                } else if (ret == AVERROR_INVALIDDATA) {
                    ended(FailureKind.UNSUPPORTED_MEDIA, "not a video file FFmpeg can read: " + path);
                } else {
                    ended(FailureKind.READ_ERROR, "cannot open video file " + path + ": " + VideoDecoder.errorText(ret));
                }
                return;
            }
            opened = true;
            ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (ret < 0) {
                ended(FailureKind.READ_ERROR, "cannot read stream information of " + path + ": " + VideoDecoder.errorText(ret));
                return;
            }
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
            if (index < 0) {
                ended(FailureKind.UNSUPPORTED_MEDIA, "no video stream in " + path);
                return;
            }
            AVStream stream = format.streams(index);
            int codecId = stream.codecpar().codec_id();
            VideoCodec codec = codecId == AV_CODEC_ID_H264 ? VideoCodec.H264 : codecId == AV_CODEC_ID_HEVC ? VideoCodec.H265 : null;
            if (codec == null) {
                ended(FailureKind.UNSUPPORTED_MEDIA, "unsupported codec in " + path + " (streamsync decodes H.264 and H.265)");
                return;
            }
            // MP4 and Matroska store length-prefixed NAL units with parameter sets in extradata; the
            // decoder takes Annex B access units, as RTSP delivers them. The filter passes Annex B input through.
            String filter = codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb";
            if (av_bsf_alloc(av_bsf_get_by_name(filter), bsf) < 0
                    || avcodec_parameters_copy(bsf.par_in(), stream.codecpar()) < 0
                    || av_bsf_init(bsf.time_base_in(stream.time_base())) < 0) {
                ended(FailureKind.OTHER, "cannot set up " + filter + " for " + path);
                return;
            }
            try {
                stamper = new CaptureStamper(name, sink, MicrosClock.system(), 1_000_000,
                        CaptureStamper.heldLimit(decoderOptions.maxOutstandingPictures()), new Ending());
                if (closed) {
                    stamper.close();
                    return;
                }
                stage = new DecodingStage(name, codec, decoderOptions, stamper);
            } catch (RuntimeException e) {
                LOG.warn("{}: no decoder for {}", name, path, e);
                ended(FailureKind.UNSUPPORTED_MEDIA, "cannot decode " + codec + " of " + path + ": " + e.getMessage());
                return;
            }
            play(format, bsf, index, stream.time_base(), codec, in, out);
        } catch (RuntimeException e) {
            LOG.warn("{}: reading {} failed", name, path, e);
            ended(FailureKind.READ_ERROR, "reading " + path + " failed: " + e.getMessage());
        } finally {
            av_packet_free(in);
            av_packet_free(out);
            av_bsf_free(bsf);
            if (opened) {
                avformat_close_input(format);
            }
        }
    }

    private void play(AVFormatContext format, AVBSFContext bsf, int index, AVRational timeBase, VideoCodec codec,
                      AVPacket in, AVPacket out) {
        AccessUnit unit = new AccessUnit(256 * 1024).codec(codec);
        byte[] copy = new byte[256 * 1024];
        long startNanos = 0;
        long firstDtsMicros = AV_NOPTS_VALUE;
        int readResult = 0;
        while (!closed) {
            readResult = av_read_frame(format, in);
            if (readResult < 0) {
                break;
            }
            try {
                if (in.stream_index() != index || av_bsf_send_packet(bsf, in) < 0) {
                    continue;
                }
            } finally {
                av_packet_unref(in);
            }
            while (!closed && av_bsf_receive_packet(bsf, out) == 0) {
                try {
                    long pts = out.pts() != AV_NOPTS_VALUE ? out.pts() : out.dts();
                    long dts = out.dts() != AV_NOPTS_VALUE ? out.dts() : pts;
                    if (pts == AV_NOPTS_VALUE) {
                        continue; // raw streams without timing: nothing to pace or stamp by
                    }
                    long ptsMicros = av_rescale_q(pts, timeBase, MICROS);
                    long dtsMicros = av_rescale_q(dts, timeBase, MICROS);
                    if (firstDtsMicros == AV_NOPTS_VALUE) {
                        firstDtsMicros = dtsMicros;
                        stamper.anchor(new FileAnchor(System.currentTimeMillis() * 1000 + (ptsMicros - dtsMicros), ptsMicros));
                        startNanos = System.nanoTime();
                    }
                    // Pace by decode time, which never goes backwards (presentation time does, with B-frames).
                    long dueNanos = startNanos + (dtsMicros - firstDtsMicros) * 1000;
                    long waitNanos = dueNanos - System.nanoTime();
                    if (waitNanos > 0) {
                        TimeUnit.NANOSECONDS.sleep(waitNanos);
                    }
                    int size = out.size();
                    if (size > MAX_ACCESS_UNIT_BYTES) {
                        // A broken or hostile file cannot make the reader grow its buffers without bound.
                        sink.onReadError("access unit of " + size + " bytes exceeds the limit of " + MAX_ACCESS_UNIT_BYTES);
                        continue;
                    }
                    if (copy.length < size) {
                        copy = new byte[size];
                    }
                    out.data().get(copy, 0, size);
                    unit.reset().codec(codec).append(copy, 0, size).rtpTimestamp(ptsMicros)
                            .keyframe((out.flags() & AV_PKT_FLAG_KEY) != 0).arrivalNanos(System.nanoTime());
                    stage.offer(unit);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    av_packet_unref(out);
                }
            }
        }
        if (closed) {
            return;
        }
        if (readResult == AVERROR_EOF) {
            // The end is reported by the decoder thread once the last pictures are out (Ending.onEndOfStream):
            // reporting it here would let the last frames arrive after "ended". The ring is full only
            // while the decoder is more than a ring behind the file's pace: wait for it, a few ms at a time.
            try {
                while (!closed && !stage.endOfStream()) {
                    TimeUnit.MILLISECONDS.sleep(END_RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            ended(FailureKind.READ_ERROR, "reading " + path + " failed: " + VideoDecoder.errorText(readResult));
        }
    }

    private void ended(FailureKind kind, String message) {
        sink.onEnded(new CameraFailure(kind, message));
    }

    /** The file's clock: playback start plus the picture's presentation time, flagged {@link TimestampSource#FILE}. */
    private record FileAnchor(long startUtcMicros, long firstPtsMicros) implements CaptureStamper.Anchor {
        @Override
        public long toUtcMicros(long ptsMicros) {
            return startUtcMicros + (ptsMicros - firstPtsMicros);
        }

        @Override
        public TimestampSource source() {
            return TimestampSource.FILE;
        }
    }

    /** The decoder drained the file: the end is reported after its last picture. */
    private final class Ending implements CaptureStamper.Listener {
        @Override
        public void onEndOfStream() {
            if (!closed) {
                ended(FailureKind.END_OF_STREAM, "end of file " + path);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        CaptureStamper st = stamper;
        if (st != null) {
            st.close(); // no frame after this; the reader and decoder threads stop below
        }
        reader.interrupt();
        try {
            reader.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DecodingStage s = stage;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return "FileFrameSource{" + name + ", " + path + '}';
    }
}
