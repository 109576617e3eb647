package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog's rule as a function of packet counts and times (no clock, no threads). */
class MediaWatchdogTest {
    static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aStallAfterStreamingIsReportedOnceTheSilenceExceedsTheTimeout() {
        MediaWatchdog w = new MediaWatchdog(10_000, 3_000);
        w.onPlay(ms(0), 0);
        long packets = 0;
        for (long t = 250; t <= 4_000; t += 250) {
            packets += 10;
            assertEquals(MediaWatchdog.Verdict.OK, w.check(ms(t), packets, false));
        }
        assertEquals(MediaWatchdog.Verdict.OK, w.check(ms(14_000), packets, false), "exactly the timeout is not beyond it");
        assertEquals(MediaWatchdog.Verdict.STALLED, w.check(ms(14_001), packets, false));
        assertTrue(w.message(MediaWatchdog.Verdict.STALLED).startsWith("RTP stopped after 3750 ms of streaming"),
                w.message(MediaWatchdog.Verdict.STALLED));
    }

    @Test
    void noDataAfterPlayIsItsOwnVerdict() {
        MediaWatchdog w = new MediaWatchdog(10_000, 3_000);
        w.onPlay(ms(1_000), 0);
        assertEquals(MediaWatchdog.Verdict.OK, w.check(ms(11_000), 0, false));
        assertEquals(MediaWatchdog.Verdict.NO_DATA_AFTER_PLAY, w.check(ms(11_001), 0, false));
    }

    @Test
    void udpFallsBackOnlyBeforeTheFirstPacketAndOnlyWhenAllowed() {
        MediaWatchdog w = new MediaWatchdog(10_000, 3_000);
        w.onPlay(ms(0), 0);
        assertEquals(MediaWatchdog.Verdict.OK, w.check(ms(3_001), 0, false), "not allowed (forced UDP after AUTO's 461)");
        assertEquals(MediaWatchdog.Verdict.UDP_FALLBACK, w.check(ms(3_001), 0, true));
        MediaWatchdog flowing = new MediaWatchdog(10_000, 3_000);
        flowing.onPlay(ms(0), 0);
        flowing.check(ms(100), 5, true);
        assertEquals(MediaWatchdog.Verdict.OK, flowing.check(ms(5_000), 5, true), "data came: no fallback, the stall rule applies");
    }

    @Test
    void packetsCountedBeforePlayAreTheBaseline() {
        MediaWatchdog w = new MediaWatchdog(1_000, 500);
        w.onPlay(ms(0), 7);
        assertEquals(MediaWatchdog.Verdict.STALLED, w.check(ms(1_001), 7, false), "RTP before the PLAY answer counts as media");
    }
}
