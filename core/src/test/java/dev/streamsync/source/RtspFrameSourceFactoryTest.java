package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.failure.FailureKind;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.rtsp.RtspAuthenticationException;
import dev.streamsync.rtsp.RtspException;
import dev.streamsync.rtsp.RtspResponseException;
import org.junit.jupiter.api.Test;

class RtspFrameSourceFactoryTest {

    @Test
    void aUrlThatIsNotRtspFailsTheBuildWithItsCameraNamedAndLeavesNoThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamSynchronizer.builder().camera("http://user:secret@10.0.0.1/s").build());
        assertTrue(e.getMessage().contains("camera 0: not an rtsp://, rtsps:// or file URL"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("streamsync-connect")));
    }

    @Test
    void backoffDoublesUpToItsCapAndWaitsLongAfterAuthenticationFailures() {
        ReconnectBackoff b = new ReconnectBackoff(500, 30_000, 60_000);
        FailureKind lost = FailureKind.of(new RtspException("connection lost", "rtsp://cam/", null));
        assertEquals(500, b.delayMillis(1, lost));
        assertEquals(1_000, b.delayMillis(2, lost));
        assertEquals(16_000, b.delayMillis(6, lost));
        assertEquals(30_000, b.delayMillis(7, lost));
        assertEquals(30_000, b.delayMillis(1_000, lost));
        // The kinds as the source gets them: classified from the client's exceptions.
        assertEquals(60_000, b.delayMillis(1, FailureKind.of(new RtspAuthenticationException("DESCRIBE", "rtsp://cam/", 401, "wrong password"))));
        assertEquals(60_000, b.delayMillis(1, FailureKind.of(new RtspResponseException("DESCRIBE", "rtsp://cam/", 403, "Forbidden"))));
        assertEquals(60_000, b.delayMillis(1, FailureKind.of(new RtspResponseException("DESCRIBE", "rtsp://cam/", 404, "Not Found"))));
        assertEquals(500, b.delayMillis(1, FailureKind.of(new RtspResponseException("SETUP", "rtsp://cam/", 500, "Internal Server Error"))));
    }
}
