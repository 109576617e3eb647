package dev.streamsync.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Arbitrary text through the SDP parser and every accessor the client uses: only {@link SdpException} may escape. */
class SdpParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        SessionDescription sdp;
        try {
            sdp = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpException e) {
            return;
        }
        if (sdp.media().isEmpty()) {
            throw new IllegalStateException("parsed a description without media");
        }
        for (MediaDescription m : sdp.media()) {
            m.codec();
            m.packetizationMode();
            m.donlPresent();
            for (byte[] ps : m.parameterSets()) {
                if (ps.length == 0) {
                    throw new IllegalStateException("empty parameter set");
                }
            }
            m.extmapId(MediaDescription.NTP_64_URI);
            if (m.clockRateHz() < 0) {
                throw new IllegalStateException("negative clock rate");
            }
        }
        sdp.supportedVideo();
    }
}
