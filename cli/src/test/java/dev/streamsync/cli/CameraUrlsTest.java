package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CameraUrlsTest {
    @Test
    void credentialsMoveOutOfTheUrl() {
        Camera c = CameraUrls.parse("rtsp://admin:s3cret@10.0.0.7:8554/stream1");
        assertEquals("rtsp://10.0.0.7:8554/stream1", c.uri().toString());
        assertEquals("s3cret", c.password().orElseThrow());
    }

    @Test
    void nonRtspSchemeIsAUsageErrorWithoutThePassword() {
        CliException e = assertThrows(CliException.class, () -> CameraUrls.parse("http://admin:s3cret@10.0.0.7/x"));
        assertEquals(CliException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("not an RTSP URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void malformedUrlsSayWhatIsExpected() {
        for (String bad : new String[]{"10.0.0.7/stream", "rtsp://", "rtsp://bad host/x", "rtsp://u:p@ss@/x"}) {
            CliException e = assertThrows(CliException.class, () -> CameraUrls.parse(bad), bad);
            assertTrue(e.getMessage().contains("rtsp://"), e.getMessage());
            assertFalse(e.getMessage().contains("p@ss"), e.getMessage());
        }
    }

    @Test
    void redactHidesUserInformation() {
        assertEquals("rtsp://***@cam/x", CameraUrls.redact("rtsp://u:p@cam/x"));
        assertEquals("rtsp://cam/x?a=b@c", CameraUrls.redact("rtsp://cam/x?a=b@c"));
        assertEquals("see rtsp://***@cam/x", ErrorMessages.redact("see rtsp://u:p@cam/x"));
        // A raw '@' and ':' in the password (cameras accept it unescaped): none of it may show.
        assertEquals("see rtsp://***@cam/x?a=b@c and rtsp://***@h2/y",
                ErrorMessages.redact("see rtsp://admin:p@ss:w@cam/x?a=b@c and rtsp://u:s3@cr3t@h2/y"));
        assertEquals("rtsp://***@cam/x", CameraUrls.redact("rtsp://admin:p@ss:w@cam/x"));
    }
}
