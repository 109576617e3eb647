package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RtspUrlsTest {

    @Test
    void redactsCredentialsFromUrls() {
        assertEquals("rtsp://cam:554/s", RtspUrls.redact("rtsp://admin:p@ss@cam:554/s"));
        assertEquals("rtsp://cam/s?u=a@b", RtspUrls.redact("rtsp://u:p@cam/s?u=a@b"));
        assertEquals("rtsp://cam/s", RtspUrls.redact("rtsp://cam/s"));
        assertEquals("not a url", RtspUrls.redact("not a url"));
    }

    @Test
    void readsPercentEncodedCredentialsFromTheUrl() {
        RtspCredentials c = RtspUrls.credentialsOf(URI.create("rtsp://ad%40min:p%3Ass+w@cam/s")).orElseThrow();
        assertEquals("ad@min", c.username());
        assertEquals("p:ss+w", c.password());
    }

    @Test
    void acceptsPasswordsThatAStrictUriParserRejects() {
        RtspClientConfig c = RtspClientConfig.builder("rtsp://admin:p@ss w0rd%@192.0.2.10:554/Streaming/Channels/101").build();
        assertEquals("rtsp://192.0.2.10:554/Streaming/Channels/101", c.url().toString());
        assertEquals("admin", c.credentials().orElseThrow().username());
        assertEquals("p@ss w0rd%", c.credentials().orElseThrow().password());
        assertEquals("p:w", RtspUrls.credentialsOf("rtsp://u:p%3Aw@h/").orElseThrow().password());
    }

    @Test
    void resolvesControlUrlsAgainstTheBase() {
        assertEquals("rtsp://h/live", RtspUrls.resolveControl("rtsp://h/live", "*"));
        assertEquals("rtsp://h/live", RtspUrls.resolveControl("rtsp://h/live", ""));
        assertEquals("rtsp://h/live/trackID=1", RtspUrls.resolveControl("rtsp://h/live", "trackID=1"));
        assertEquals("rtsp://h/live/trackID=1", RtspUrls.resolveControl("rtsp://h/live/", "trackID=1"));
        assertEquals("rtsp://other/x", RtspUrls.resolveControl("rtsp://h/live/", "rtsp://other/x"));
        assertEquals("rtsp://h:554/abs/track", RtspUrls.resolveControl("rtsp://h:554/live/", "/abs/track"));
        assertEquals("rtsp://h/live?ch=1/trackID=1", RtspUrls.resolveControl("rtsp://h/live?ch=1", "trackID=1"));
    }
}
