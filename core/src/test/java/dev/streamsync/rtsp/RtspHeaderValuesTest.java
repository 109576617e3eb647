package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtspHeaderValuesTest {

    @Test
    void readsSessionIdAndTimeout() {
        assertEquals(new RtspHeaderValues.Session("1273222592", 60), RtspHeaderValues.session("1273222592;timeout=60"));
        assertEquals(new RtspHeaderValues.Session("abc", 60), RtspHeaderValues.session(" abc "));
        assertEquals(30, RtspHeaderValues.session("x; timeout=30").timeoutSeconds());
        assertEquals(60, RtspHeaderValues.session("x;timeout=0").timeoutSeconds(), "a zero timeout is a camera quirk");
    }

    @Test
    void readsTransportAnswer() {
        RtspHeaderValues.Transport t = RtspHeaderValues.transport("RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=CAFEBABE;mode=\"PLAY\"");
        assertEquals(4, t.interleavedRtp());
        assertEquals(5, t.interleavedRtcp());
        assertEquals(0xCAFEBABEL, t.ssrc());
        RtspHeaderValues.Transport u = RtspHeaderValues.transport("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;source=192.0.2.1");
        assertEquals(6970, u.serverRtpPort());
        assertEquals(6971, u.serverRtcpPort());
        assertEquals("192.0.2.1", u.source());
        assertEquals(3, RtspHeaderValues.transport("RTP/AVP/TCP;interleaved=2").interleavedRtcp());
    }

    @Test
    void readsRtpInfoEntriesWithCommasInsideUrls() {
        List<RtspHeaderValues.RtpInfo> infos = RtspHeaderValues.rtpInfo(
                "url=rtsp://h/a,b/trackID=1;seq=45102;rtptime=12345678, url=rtsp://h/a,b/trackID=2;seq=0;rtptime=0");
        assertEquals(2, infos.size());
        assertEquals("rtsp://h/a,b/trackID=1", infos.get(0).url());
        assertEquals(45102, infos.get(0).sequence());
        assertEquals(12345678L, infos.get(0).rtpTimestamp());
        assertEquals(0, infos.get(1).rtpTimestamp());
        assertEquals(-1, RtspHeaderValues.rtpInfo("url=x;seq=abc").get(0).sequence());
    }

    @Test
    void readsRangeClockStart() {
        assertEquals(1_691_011_200_500_000L, RtspHeaderValues.rangeClockStartUtcMicros("clock=20230802T212000.5Z-").getAsLong());
        assertEquals(847_462_980_000_000L, RtspHeaderValues.rangeClockStartUtcMicros("clock=19961108T142300Z-19961108T143520Z").getAsLong());
        assertTrue(RtspHeaderValues.rangeClockStartUtcMicros("npt=0.000-").isEmpty());
        assertTrue(RtspHeaderValues.rangeClockStartUtcMicros("clock=2023-08-02Z-").isEmpty());
    }

    @Test
    void findsMethodsInPublic() {
        assertTrue(RtspHeaderValues.publicHas("OPTIONS, DESCRIBE, GET_PARAMETER", "GET_PARAMETER"));
        assertFalse(RtspHeaderValues.publicHas("OPTIONS, DESCRIBE", "GET_PARAMETER"));
        assertFalse(RtspHeaderValues.publicHas(null, "GET_PARAMETER"));
    }
}
