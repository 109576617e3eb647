package dev.streamsync.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.VideoCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = SdpParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsHikvisionStyleVideoTrackAndSkipsMetadataTrack() throws Exception {
        SessionDescription sdp = SdpParser.parse(fixture("hikvision-like.sdp"));
        assertEquals(2, sdp.media().size());
        assertEquals("rtsp://192.0.2.10:554/Streaming/Channels/101/", sdp.control());
        List<MediaDescription> video = sdp.supportedVideo();
        assertEquals(1, video.size());
        MediaDescription v = video.get(0);
        assertEquals(Optional.of(VideoCodec.H264), v.codec());
        assertEquals(90_000, v.clockRateHz());
        assertEquals(96, v.payloadType());
        assertEquals(1, v.packetizationMode());
        assertEquals("rtsp://192.0.2.10:554/Streaming/Channels/101/trackID=1", v.control());
        byte[][] sets = v.parameterSets();
        assertEquals(2, sets.length);
        assertEquals(0x67, sets[0][0]);
        assertArrayEquals(new byte[] {0x68, (byte) 0xee, 0x3c, (byte) 0x80}, sets[1]);
        assertEquals(1, v.extmapId(MediaDescription.NTP_64_URI).getAsInt());
        assertEquals("sendonly", v.extmaps().get(0).direction());
    }

    @Test
    void toleratesMissingOriginLfLineEndsTrailingSpacesBareFmtpAndGarbageSprop() throws Exception {
        SessionDescription sdp = SdpParser.parse(fixture("quirky-camera.sdp"));
        assertEquals("Unnamed", sdp.sessionName());
        assertEquals(2, sdp.supportedVideo().size());
        MediaDescription first = sdp.media().get(0);
        assertEquals("track1", first.control());
        assertEquals(Optional.of(VideoCodec.H264), first.codec());
        assertTrue(first.fmtp().isEmpty());
        assertEquals(0, first.packetizationMode());
        assertEquals(0, first.parameterSets().length);
        MediaDescription second = sdp.media().get(1);
        byte[][] sets = second.parameterSets();
        assertEquals(1, sets.length, "only the valid PPS survives");
        assertEquals(0x68, sets[0][0]);
    }

    @Test
    void readsH265ParameterSetsReferenceClockAndNtp56Extmap() throws Exception {
        SessionDescription sdp = SdpParser.parse(fixture("gstreamer-h265.sdp"));
        MediaDescription v = sdp.firstSupportedVideo().orElseThrow();
        assertEquals(Optional.of(VideoCodec.H265), v.codec());
        assertEquals("*", sdp.control());
        assertEquals("stream=0", v.control());
        byte[][] sets = v.parameterSets();
        assertEquals(3, sets.length);
        assertEquals(32, (sets[0][0] >> 1) & 0x3F);
        assertEquals(33, (sets[1][0] >> 1) & 0x3F);
        assertEquals(34, (sets[2][0] >> 1) & 0x3F);
        assertFalse(v.donlPresent());
        assertEquals(List.of("ntp=/traceable/"), v.tsRefclk());
        assertEquals("sender", v.mediaclk());
        assertEquals(3, v.extmapId(MediaDescription.NTP_56_URI).getAsInt());
    }

    @Test
    void rejectsDescriptionWithoutMediaSection() {
        assertThrows(SdpException.class, () -> SdpParser.parse("v=0\r\ns=nothing\r\n"));
    }

    @Test
    void signalsDonlWhenMaxDonDiffIsPositive() throws Exception {
        MediaDescription v = SdpParser.parse("m=video 0 RTP/AVP 98\na=rtpmap:98 H265/90000\na=fmtp:98 sprop-max-don-diff=2\n")
                .media().get(0);
        assertTrue(v.donlPresent());
    }

    @Test
    void leavesClockRateZeroWhenRtpmapIsMissing() throws Exception {
        MediaDescription v = SdpParser.parse("m=video 0 RTP/AVP 96\n").media().get(0);
        assertEquals(0, v.clockRateHz());
        assertTrue(v.codec().isEmpty());
    }
}
