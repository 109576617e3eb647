package dev.streamsync.api;

import dev.streamsync.rtsp.RtspTransport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class CameraTest {
    @Test
    void credentialsAreMovedOutOfTheUriAndNeverPrinted() {
        Camera c = Camera.of("rtsp://admin:s3cr%40t@10.0.0.7:554/stream1?profile=1");
        assertEquals("rtsp://10.0.0.7:554/stream1?profile=1", c.uri().toString());
        assertEquals("admin", c.username().orElseThrow());
        assertEquals("s3cr@t", c.password().orElseThrow());
        assertFalse(c.toString().contains("s3cr"), c.toString());
        assertFalse(c.toString().contains("admin"), c.toString());
        assertEquals("10.0.0.7:554/stream1", c.name());
    }

    @Test
    void optionsReturnNewCamerasAndDefaultToTcp() {
        Camera base = Camera.of("rtsp://10.0.0.7/s");
        Camera udp = base.transport(RtspTransport.UDP).timestampOffset(Duration.ofMillis(-40)).name("door");
        assertEquals(RtspTransport.AUTO, base.transport());
        assertEquals(RtspTransport.UDP, udp.transport());
        assertEquals(Duration.ofMillis(-40), udp.timestampOffset());
        assertEquals("door", udp.name());
        assertTrue(udp.toString().contains("offset -40 ms"));
    }

    @Test
    void invalidUriMessageDoesNotEchoThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Camera.of("rtsp://u:pa ss@host/x"));
        assertFalse(e.getMessage().contains("pa ss"), e.getMessage());
    }
}
