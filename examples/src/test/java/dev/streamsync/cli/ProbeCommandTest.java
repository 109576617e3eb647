package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeCommandTest {
    @Test
    void probeReportsSizeRateSenderReportsAndTheCameraClockOffset() {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25)
                .clockOffset(Duration.ofMillis(500)).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            CliRun r = CliRun.of("probe", cam.url().toString(), "--seconds", "3");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("m=video RTP/AVP pt 96 H264/90000"), r::toString);
            assertTrue(r.out().contains("resolution     320x180 (decoded)"), r::toString);
            Matcher fps = Pattern.compile("fps            ([\\d.]+) \\(RTP timestamps").matcher(r.out());
            assertTrue(fps.find() && Math.abs(Double.parseDouble(fps.group(1)) - 25.0) < 0.5, r::toString);
            assertTrue(r.out().matches("(?s).*SR interval    0\\.[45]\\d s.*"), r::toString);
            // The camera's clock is 500 ms fast; over loopback the delay is a few ms.
            Matcher offset = Pattern.compile("clock offset   ([-\\d.]+) ms median").matcher(r.out());
            assertTrue(offset.find(), r::toString);
            double ms = Double.parseDouble(offset.group(1));
            assertTrue(ms > 400 && ms < 501, r::toString);
        }
    }
}
