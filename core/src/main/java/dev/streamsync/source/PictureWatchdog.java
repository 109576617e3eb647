package dev.streamsync.source;

import dev.streamsync.clock.MicrosClock;
import java.util.Objects;

/**
 * Notices a session whose access units keep coming but form no picture: valid RTP of a stream the
 * decoder cannot start (no keyframe or no parameter sets ever, an IDR-less intra-refresh stream) or
 * cannot decode (every unit rejected). Without it such a camera would stay silent forever: the
 * RTSP client's no-data timeout never fires because data does come, and skipped units are no read
 * errors. The session then fails with the message of {@link #check}, and the source reconnects.
 *
 * <p>Progress is a change of the decoder's output count ({@link CaptureStamper#decoderOutput()}):
 * pictures delivered, held or dropped after decoding. The timeout runs from the first unit, and
 * again from every progress, so a stream that stops forming pictures later is noticed too. It is
 * {@value #NO_PICTURE_TIMEOUT_MICROS} µs once a keyframe came since the last progress, and
 * {@value #NO_KEYFRAME_TIMEOUT_MICROS} µs while none did (long-GOP cameras).
 *
 * <p>Threading: not thread-safe; called on the session's event loop for each access unit. Time comes
 * from the injected clock, so tests do not sleep.
 */
final class PictureWatchdog {
    /** Longest time access units, keyframes among them, may arrive without the decoder forming a picture: a few GOPs of common cameras (1-4 s). */
    static final long NO_PICTURE_TIMEOUT_MICROS = 10_000_000;
    /**
     * The same while no keyframe at all has come: a client that joins mid-GOP waits for the next one,
     * and cameras with "smart" long-GOP encoders (Hikvision H.264+, Dahua Smart Codec) send one only
     * every 10-16 s. Failing such a session at 10 s would make it reconnect, join mid-GOP again, forever.
     */
    static final long NO_KEYFRAME_TIMEOUT_MICROS = 30_000_000;

    private final MicrosClock clock;
    private final long timeoutMicros;
    private final long noKeyframeTimeoutMicros;
    private boolean started;
    private boolean fired;
    private long lastProgressMicros;
    private long lastOutput;
    private long unitsSinceProgress;
    private long keyframesSinceProgress;
    private long unitsTotal;

    /** The watchdog with {@link #NO_PICTURE_TIMEOUT_MICROS} and {@link #NO_KEYFRAME_TIMEOUT_MICROS}. */
    PictureWatchdog(MicrosClock clock) {
        this(clock, NO_PICTURE_TIMEOUT_MICROS, NO_KEYFRAME_TIMEOUT_MICROS);
    }

    /**
     * @param timeoutMicros           without a picture while keyframes came
     * @param noKeyframeTimeoutMicros without a picture while no keyframe came (at least {@code timeoutMicros})
     */
    PictureWatchdog(MicrosClock clock, long timeoutMicros, long noKeyframeTimeoutMicros) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (timeoutMicros <= 0 || noKeyframeTimeoutMicros < timeoutMicros) {
            throw new IllegalArgumentException("timeouts must be positive, the one without keyframes no shorter: "
                    + timeoutMicros + ", " + noKeyframeTimeoutMicros);
        }
        this.timeoutMicros = timeoutMicros;
        this.noKeyframeTimeoutMicros = noKeyframeTimeoutMicros;
    }

    /**
     * One more access unit arrived; {@code decoderOutput} is the decoder's output count now.
     *
     * @return null while all is well; once, when the timeout has passed without progress, the reason
     *     to fail the session with (then null again)
     */
    String check(boolean keyframe, long decoderOutput, long unitsSkippedBeforeKeyframe) {
        long now = clock.nowMicros();
        unitsTotal++;
        if (!started || decoderOutput != lastOutput) {
            started = true;
            lastOutput = decoderOutput;
            lastProgressMicros = now;
            unitsSinceProgress = 0;
            keyframesSinceProgress = 0;
        }
        unitsSinceProgress++;
        if (keyframe) {
            keyframesSinceProgress++;
        }
        long limitMicros = keyframesSinceProgress == 0 ? noKeyframeTimeoutMicros : timeoutMicros;
        if (fired || now - lastProgressMicros < limitMicros) {
            return null;
        }
        fired = true;
        String what = decoderOutput == 0 ? "no picture decoded" : "no picture decoded since the last one";
        return unitsSinceProgress + " access units (" + keyframesSinceProgress + " keyframes, "
                + unitsSkippedBeforeKeyframe + " skipped waiting for a keyframe with its parameter sets), "
                + what + " in " + limitMicros / 1_000_000 + " s (no keyframe/parameter sets? undecodable stream?)";
    }

    /** Access units seen. */
    long units() {
        return unitsTotal;
    }
}
