package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Units at 30 fps on an injected clock: the watchdog needs no sleeping. */
class PictureWatchdogTest {
    private static final long FRAME_MICROS = 33_333;
    private long nowMicros = 1_000_000_000L;
    private final PictureWatchdog watchdog = new PictureWatchdog(() -> nowMicros);

    /** Feeds {@code n} units, a keyframe every {@code gop} (0: none); returns the first failure message, or null. */
    private String units(int n, int gop, long decoderOutput, long skipped) {
        String failure = null;
        for (int i = 0; i < n; i++) {
            nowMicros += FRAME_MICROS;
            String f = watchdog.check(gop > 0 && i % gop == 0, decoderOutput, skipped);
            if (f != null) {
                assertNull(failure, "reported twice");
                failure = f;
            }
        }
        return failure;
    }

    @Test
    void keyframesThatNeverFormAPictureFailTheSessionAfterTenSecondsSayingWhatCame() {
        // Keyframes every second (units 0, 30, ... 300, and the 302nd), their parameter sets never: every unit skipped.
        assertNull(units(301, 30, 0, 301), "within 10 s of the first unit");
        String failure = units(1, 30, 0, 302);
        assertNotNull(failure);
        assertEquals("302 access units (12 keyframes, 302 skipped waiting for a keyframe with its parameter sets), "
                + "no picture decoded in 10 s (no keyframe/parameter sets? undecodable stream?)", failure);
        assertNull(units(1_000, 30, 0, 1_302), "reported once");
    }

    @Test
    void aStreamWithoutAnyKeyframeGetsThirtySecondsForItsFirstOne() {
        assertNull(units(901, 0, 0, 901), "a long-GOP camera joined mid-GOP: its next keyframe may be 16 s away");
        String failure = units(1, 0, 0, 902);
        assertNotNull(failure);
        assertTrue(failure.startsWith("902 access units (0 keyframes, 902 skipped"), failure);
        assertTrue(failure.contains("no picture decoded in 30 s"), failure);
    }

    @Test
    void aStreamThatDecodesNeverFails() {
        for (int i = 1; i <= 3_000; i++) { // 100 s
            nowMicros += FRAME_MICROS;
            assertNull(watchdog.check(i % 30 == 1, i / 2, 0)); // the decoder's output lags its input
        }
    }

    @Test
    void aStreamThatStopsFormingPicturesIsCaughtTenSecondsAfterItsLastPicture() {
        for (int i = 1; i <= 90; i++) {
            nowMicros += FRAME_MICROS;
            assertNull(watchdog.check(false, i, 0));
        }
        assertNull(units(300, 30, 90, 0));
        String failure = units(1, 30, 90, 0);
        assertNotNull(failure);
        assertTrue(failure.contains("no picture decoded since the last one in 10 s"), failure);
    }

    @Test
    void theTimeoutsMustBePositiveAndTheOneWithoutKeyframesNoShorter() {
        assertThrows(IllegalArgumentException.class, () -> new PictureWatchdog(() -> 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PictureWatchdog(() -> 0, 2, 1));
    }
}
