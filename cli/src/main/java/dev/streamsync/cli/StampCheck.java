package dev.streamsync.cli;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.sim.picture.CaptureTimeCode;

import java.nio.ByteBuffer;

/**
 * The demo's proof that timestamps are right: live simulated cameras paint each frame's true capture
 * time into its pixels ({@link CaptureTimeCode}); this reads it back from the decoded picture and
 * compares it with the UTC timestamp the synchronizer derived from the RTP stream.
 */
final class StampCheck implements PacketHandler {
    private final long[] checked;
    private final long[] maxAbsErrorMicros;
    private final long[] sumAbsErrorMicros;

    StampCheck(int cameras) {
        checked = new long[cameras];
        maxAbsErrorMicros = new long[cameras];
        sumAbsErrorMicros = new long[cameras];
    }

    @Override
    public void onPacket(FramePacket packet) {
        for (FrameData f : packet) {
            if (!f.hasFrame() || f.width() == 0) {
                continue;
            }
            ByteBuffer luma = f.view(PixelFormat.GRAY8);
            long truth = CaptureTimeCode.read(luma.duplicate(), f.width(), f.height(), f.width());
            if (truth == CaptureTimeCode.NOT_FOUND) {
                continue;
            }
            int c = f.cameraIndex();
            long err = Math.abs(f.captureTimeUtcMicros() - truth);
            checked[c]++;
            sumAbsErrorMicros[c] += err;
            maxAbsErrorMicros[c] = Math.max(maxAbsErrorMicros[c], err);
        }
    }

    /** Frames of camera {@code c} whose painted time could be read. */
    long checked(int c) {
        return checked[c];
    }

    /** Largest |timestamp - painted capture time| of camera {@code c}, microseconds. */
    long maxAbsErrorMicros(int c) {
        return maxAbsErrorMicros[c];
    }

    /** The summary column: mean and max error in ms over the frames checked. */
    String column(int c) {
        if (checked[c] == 0) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%s / %s ms (%d frames)", Times.millis(sumAbsErrorMicros[c] / checked[c]),
                Times.millis(maxAbsErrorMicros[c]), checked[c]);
    }
}
