package dev.streamsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraFailure;
import dev.streamsync.api.FailureKind;
import org.junit.jupiter.api.Test;

/** A limit exceeded is said as such, with the limit's name, not as "check packet loss". */
class LimitErrorLineTest {
    @Test
    void aLimitExceededNamesTheLimitAndDoesNotAdviseCheckingPacketLoss() {
        Camera camera = Camera.of("rtsp://10.0.0.7/stream1");
        String line = ErrorMessages.brokenCamera(0, camera, new CameraFailure(FailureKind.LIMIT_EXCEEDED,
                "interleaved frame of 70000 bytes exceeds the limit of 1500 (maxInterleavedBytes) (rtsp://10.0.0.7/stream1)"));
        assertTrue(line.contains("a size limit was exceeded"), line);
        assertTrue(line.contains("interleaved frame of 70000 bytes exceeds the limit of 1500 (maxInterleavedBytes)"), line);
        assertFalse(line.contains("packet loss"), line);
        assertEquals(1, line.lines().count());
    }
}
