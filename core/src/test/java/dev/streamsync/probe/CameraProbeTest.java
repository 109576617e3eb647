package dev.streamsync.probe;

import dev.streamsync.api.Camera;
import dev.streamsync.probe.ProbeReport.StreamReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CameraProbeTest {
    @Test
    void recommendedMaxLatencyIsOneAndAHalfTimesTheP99AtLeastAHundredMsMoreRoundedUpTo50() {
        assertEquals(100, CameraProbe.recommendedMaxLatencyMillis(0));
        assertEquals(150, CameraProbe.recommendedMaxLatencyMillis(40_000));
        assertEquals(450, CameraProbe.recommendedMaxLatencyMillis(300_000));
        assertEquals(2_300, CameraProbe.recommendedMaxLatencyMillis(1_500_001));
    }

    @Test
    void senderReportIntervalIsTheMeanGapAndNeedsTwoReports() {
        StreamReport one = stream(List.of(Duration.ofMillis(700)));
        assertTrue(one.senderReportIntervalSeconds().isEmpty());
        StreamReport three = stream(List.of(Duration.ofMillis(700), Duration.ofMillis(1_200), Duration.ofMillis(1_700)));
        assertEquals(0.5, three.senderReportIntervalSeconds().getAsDouble(), 1e-9);
    }

    @Test
    void latencyWithinTheDefaultWhenTheRecommendationDoesNotExceedIt() {
        assertTrue(new ProbeReport.Latency(300_000, 450, 1_000).withinDefault());
        assertTrue(new ProbeReport.Latency(600_000, 1_000, 1_000).withinDefault());
        assertFalse(new ProbeReport.Latency(700_000, 1_050, 1_000).withinDefault());
    }

    @Test
    void onlyRtspCamerasCanBeProbed() {
        assertThrows(IllegalArgumentException.class, () -> CameraProbe.run(Camera.ofFile(java.nio.file.Path.of("a.mp4")), Duration.ofSeconds(1)));
    }

    private static StreamReport stream(List<Duration> senderReports) {
        return new StreamReport(0, "H264", 90_000, "rtsp://h/s/trackID=0", ProbeReport.Resolution.unknown("no keyframe received"),
                0, 0, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), new ProbeReport.Packets(0, 0, 0, 0, 0),
                senderReports, Optional.empty(), new ProbeReport.HeaderExtensions(0, 0, 0));
    }
}
