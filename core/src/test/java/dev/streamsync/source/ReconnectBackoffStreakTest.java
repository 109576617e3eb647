package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamsync.failure.FailureKind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the backoff grows and when it starts over, on explicit times (no clock, no waiting). */
class ReconnectBackoffStreakTest {
    static long s(double seconds) {
        return (long) (seconds * 1e9);
    }

    @Test
    void aCameraThatSendsOneFrameAndClosesIsRetriedEverMoreSlowly() {
        ReconnectBackoff.Streak streak = ReconnectBackoff.DEFAULT.streak();
        long now = 0;
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) {
            streak.sessionDelivering(now);          // one frame ...
            now += s(0.3);
            delays[i] = streak.sessionFailed(now, FailureKind.SERVER_ENDED); // ... and the server closes
            now += TimeUnit.MILLISECONDS.toNanos(delays[i]);
        }
        // Before: a delivered frame reset the count, so every delay was 500 ms (1.2 reconnects/s forever).
        assertEquals(500, delays[0]);
        assertEquals(1_000, delays[1]);
        assertEquals(2_000, delays[2]);
        assertEquals(30_000, delays[7], "capped");
    }

    @Test
    void aSessionThatStreamedHealthilyForThirtySecondsStartsTheBackoffOver() {
        ReconnectBackoff.Streak streak = ReconnectBackoff.DEFAULT.streak();
        streak.sessionFailed(s(0), FailureKind.STREAM_TIMEOUT);
        streak.sessionFailed(s(1), FailureKind.STREAM_TIMEOUT);
        assertEquals(2, streak.consecutiveFailures());
        streak.sessionDelivering(s(10));
        assertEquals(2_000, streak.sessionFailed(s(10) + TimeUnit.MILLISECONDS.toNanos(ReconnectBackoff.HEALTHY_SESSION_MILLIS) - 1,
                FailureKind.STREAM_TIMEOUT), "just short of healthy: the streak goes on");
        streak.sessionDelivering(s(100));
        assertEquals(500, streak.sessionFailed(s(130), FailureKind.STREAM_TIMEOUT), "30 s of streaming: the first delay again");
        assertEquals(1, streak.consecutiveFailures());
    }

    @Test
    void aRedirectLoopOrAuthenticationFailureCountsAsOneFailureOfItsKind() {
        ReconnectBackoff.Streak streak = ReconnectBackoff.DEFAULT.streak();
        assertEquals(500, streak.sessionFailed(0, FailureKind.REQUEST_REFUSED));
        assertEquals(60_000, streak.sessionFailed(s(1), FailureKind.AUTHENTICATION));
        assertEquals(2_000, streak.sessionFailed(s(62), FailureKind.REQUEST_REFUSED));
    }
}
