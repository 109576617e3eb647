package dev.streamsync.decode;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test clips made with the ffmpeg command line (Debian's ffmpeg, with libx264 and libx265): encoded to
 * MP4 (so ffprobe knows each packet's pts), remuxed to a raw Annex B stream, split into access units
 * here, and given RTP timestamps equal to their pts (90 kHz) plus a 64-bit offset.
 */
public final class TestClips {
    /** Added to every pts: beyond 2^32, so the 64-bit unwrapped timestamps are exercised. */
    public static final long RTP_OFFSET = (1L << 33) + 12345;

    /** One clip: units in decode order, and what ffprobe says about the same stream. */
    public static final class Clip {
        public final VideoCodec codec;
        public final Path mp4;
        public final List<AccessUnit> units = new ArrayList<>();
        /** Presentation order: pts (already offset) and pict_type letter of each frame, per ffprobe. */
        public final List<Long> framePts = new ArrayList<>();
        public final List<String> pictTypes = new ArrayList<>();

        Clip(VideoCodec codec, Path mp4) {
            this.codec = codec;
            this.mp4 = mp4;
        }
    }

    private TestClips() {
    }

    /**
     * Encodes {@code frames} frames of the lavfi source {@code lavfi} (or, if it names an existing file,
     * that file) with {@code encoderArgs}.
     */
    public static Clip make(Path dir, String name, VideoCodec codec, String lavfi, int frames, String... encoderArgs)
            throws IOException, InterruptedException {
        Path mp4 = dir.resolve(name + ".mp4");
        Path annexB = dir.resolve(name + (codec == VideoCodec.H264 ? ".h264" : ".hevc"));
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", lavfi,
                "-frames:v", Integer.toString(frames), "-pix_fmt", "yuv420p",
                "-c:v", codec == VideoCodec.H264 ? "libx264" : "libx265"));
        cmd.addAll(List.of(encoderArgs));
        cmd.addAll(List.of("-video_track_timescale", "90000", mp4.toString()));
        run(cmd);
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", mp4.toString(), "-c", "copy",
                "-bsf:v", codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb",
                "-f", codec == VideoCodec.H264 ? "h264" : "hevc", annexB.toString()));

        Clip clip = new Clip(codec, mp4);
        List<Long> packetPts = new ArrayList<>();
        for (String line : run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts", "-of", "default=nw=1", mp4.toString()))) {
            if (line.startsWith("pts=")) {
                packetPts.add(Long.parseLong(line.substring(4)) + RTP_OFFSET);
            }
        }
        for (String line : run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=pts,pict_type", "-of", "default=nw=1", mp4.toString()))) {
            if (line.startsWith("pts=")) {
                clip.framePts.add(Long.parseLong(line.substring(4)) + RTP_OFFSET);
            } else if (line.startsWith("pict_type=")) {
                clip.pictTypes.add(line.substring(10));
            }
        }
        List<AnnexBSplitter.Unit> split = AnnexBSplitter.split(Files.readAllBytes(annexB), codec);
        if (split.size() != packetPts.size()) {
            throw new IllegalStateException("splitter found " + split.size() + " units, ffprobe " + packetPts.size());
        }
        for (int i = 0; i < split.size(); i++) {
            AnnexBSplitter.Unit u = split.get(i);
            AccessUnit au = new AccessUnit(u.bytes.length).codec(codec).append(u.bytes, 0, u.bytes.length)
                    .rtpTimestamp(packetPts.get(i)).keyframe(u.keyframe);
            clip.units.add(au);
        }
        return clip;
    }

    /** ffmpeg's own decode of the clip, frames in presentation order, {@code pixFmt} raw video. */
    static byte[] referenceDecode(Clip clip, String pixFmt) throws IOException, InterruptedException {
        Path out = clip.mp4.resolveSibling(clip.mp4.getFileName() + "." + pixFmt);
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.mp4.toString(), "-fps_mode", "passthrough",
                "-pix_fmt", pixFmt, "-f", "rawvideo", out.toString()));
        return Files.readAllBytes(out);
    }

    static List<String> run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + cmd + "\n" + text);
        }
        return text.lines().toList();
    }

    /** A copy of {@code unit} (decoders only read units, but tests edit flags). */
    static AccessUnit copy(AccessUnit unit) {
        return new AccessUnit(unit.length()).copyFrom(unit);
    }
}
