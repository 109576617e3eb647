package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeCommandIT {
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

    @Test
    void probeShowsTheTransportItUsedAndRecommendsAMaxLatencyFromTheMeasuredOne() {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25)
                .sendDelay(Duration.ofMillis(300)).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            CliRun r = CliRun.of("probe", cam.url().toString(), "--seconds", "3");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("; transport TCP (auto)"), r::toString);
            Matcher latency = Pattern.compile("latency        capture to arrival ([\\d.]+) ms p99 -> --max-latency-ms (\\d+) \\(within the default")
                    .matcher(r.out());
            assertTrue(latency.find(), r::toString);
            double p99 = Double.parseDouble(latency.group(1));
            long recommended = Long.parseLong(latency.group(2));
            assertTrue(p99 >= 300 && p99 < 600, r::toString);
            assertTrue(recommended >= p99 * 1.5 && recommended <= p99 * 1.5 + 50 && recommended % 50 == 0, r::toString);
        }
    }

    @Test
    void probeSaysWhyTheSessionEndedAndExitsNonZero() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25).build()) {
            cam.start();
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    return;
                }
                cam.stop();
            });
            stopper.start();
            CliRun r = CliRun.of("probe", cam.url().toString(), "--seconds", "6");
            stopper.join();
            assertEquals(CliException.EXIT_FAILURE, r.exitCode(), r::toString);
            assertTrue(r.out().matches("(?s).*the session ended after \\d+\\.\\d s: .*the camera ended the session.*"), r::toString);
            assertTrue(r.err().contains("the session ended before the listening time was over"), r::toString);
        }
    }
}
