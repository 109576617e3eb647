package dev.streamsync.probe;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FailureKind;
import dev.streamsync.api.Transport;
import dev.streamsync.probe.ProbeReport.Clock;
import dev.streamsync.probe.ProbeReport.StreamReport;
import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CameraProbe} against simulated cameras on loopback (real sockets, a real RTSP server). */
class CameraProbeIT {
    @Test
    void reportsSdpSizeRateSenderReportsClockOffsetAndTheConnectionBeforeListening() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25)
                .clockOffset(Duration.ofMillis(500)).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            AtomicReference<ProbeReport.Connection> early = new AtomicReference<>();
            ProbeReport r = CameraProbe.run(Camera.of(cam.url()), Duration.ofSeconds(3), early::set);
            assertEquals(r.connection(), early.get(), "the callback gets the connection the report holds");
            assertEquals(Transport.TCP, r.connection().transport());
            assertEquals(Transport.AUTO, r.connection().requestedTransport());
            ProbeReport.Media m = r.connection().sdp().orElseThrow().media().get(0);
            assertEquals("H264", m.encodingName());
            assertEquals(90_000, m.clockRateHz());
            assertTrue(m.decodable());
            assertTrue(r.end().isEmpty(), r::toString);
            assertEquals(1, r.streams().size());
            StreamReport s = r.streams().get(0);
            assertEquals(320, s.resolution().width(), r::toString);
            assertEquals(180, s.resolution().height(), r::toString);
            assertEquals(25.0, s.fps().orElseThrow(), 0.5, r::toString);
            assertTrue(s.keyframes() >= 1 && s.frames() > s.keyframes(), r::toString);
            double interval = s.senderReportIntervalSeconds().orElseThrow();
            assertTrue(interval >= 0.4 && interval < 0.6, r::toString);
            Clock c = s.clock().orElseThrow();
            // The camera's clock is 500 ms fast; over loopback the delay is a few ms.
            assertTrue(c.offsetMedianMicros() > 400_000 && c.offsetMedianMicros() < 501_000, r::toString);
            assertTrue(c.latency().isEmpty(), "a camera clock ahead of ours leaves the latency unknown: " + r);
            assertTrue(c.driftPpm().isPresent(), r::toString);
            assertEquals(0, s.packets().lost(), r::toString);
        }
    }

    @Test
    void measuresTheCaptureToArrivalLatencyAndRecommendsAMaxLatencyCoveringIt() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25)
                .sendDelay(Duration.ofMillis(300)).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            ProbeReport r = CameraProbe.run(Camera.of(cam.url()).transport(Transport.TCP), Duration.ofSeconds(3));
            assertEquals(Transport.TCP, r.connection().requestedTransport());
            ProbeReport.Latency l = r.streams().get(0).clock().orElseThrow().latency().orElseThrow();
            assertTrue(l.p99Micros() >= 300_000 && l.p99Micros() < 600_000, r::toString);
            assertEquals(CameraProbe.recommendedMaxLatencyMillis(l.p99Micros()), l.recommendedMaxLatencyMillis());
        }
    }

    @Test
    void saysWhyTheSessionEndedWhenTheCameraStopsWhileListening() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).fps(25).build()) {
            cam.start();
            // Stopped from the connection callback: deterministic, no sleeping thread.
            ProbeReport r = CameraProbe.run(Camera.of(cam.url()), Duration.ofSeconds(20), c -> cam.stop());
            ProbeReport.SessionEnd end = r.end().orElseThrow(() -> new AssertionError("no end reported: " + r));
            assertTrue(end.after().compareTo(Duration.ofSeconds(20)) < 0, r::toString);
            assertTrue(r.listened().compareTo(Duration.ofSeconds(20)) < 0, r::toString);
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureWithoutTheSecret() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).credentials("admin", "right").build()) {
            cam.start();
            URI u = cam.url();
            Camera camera = Camera.of("rtsp://admin:wr%40ng@" + u.getHost() + ":" + u.getPort() + u.getPath());
            ProbeException e = assertThrows(ProbeException.class, () -> CameraProbe.run(camera, Duration.ofSeconds(1)));
            assertEquals(FailureKind.AUTHENTICATION, e.failure().kind(), e::toString);
            assertFalse(e.getMessage().contains("wr@ng") || e.getMessage().contains("wr%40ng"), e.getMessage());
        }
    }
}
