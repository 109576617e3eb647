package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncJsonSimulatedIT {
    @Test
    void jsonLinesAreStrictJsonWithEveryField() {
        try (SimulatedCamera a = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500)).build();
             SimulatedCamera b = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500))
                     .sendDelay(Duration.ofMillis(100)).build()) {
            a.start();
            b.start();
            CliRun r = CliRun.of("sync", "--json", "--packets", "20", "--seconds", "30", a.url().toString(), b.url().toString());
            assertEquals(0, r.exitCode(), r::toString);
            JsonLinesCheck.check(r.out(), 2, 320, 180, 20);
            // Both cameras' FRAME_OKAY entries were among the lines checked.
            assertTrue(r.out().contains("{\"camera\":0,\"status\":\"FRAME_OKAY\""), r::toString);
            assertTrue(r.out().contains("{\"camera\":1,\"status\":\"FRAME_OKAY\""), r::toString);
            assertTrue(r.err().startsWith("summary: "), r::toString); // the summary goes to stderr, stdout stays JSON
        }
    }

    @Test
    void aCameraCutOffMidStreamIsBrokenWithTheKindOfItsFailure() throws Exception {
        try (SimulatedCamera a = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500)).build();
             SimulatedCamera b = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500)).build()) {
            a.start();
            b.start();
            // Once camera 1 has streamed for about two seconds, it cuts its client off (TCP reset); the
            // library reconnects after its backoff, the packets in between say CAP_BROKEN.
            Thread cutter = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (b.stats().framesSent.sum() < 50 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
                b.disconnect();
            }, "cutter");
            cutter.setDaemon(true);
            cutter.start();
            CliRun r = CliRun.of("sync", "--json", "--seconds", "6", a.url().toString(), b.url().toString());
            cutter.join(1_000);
            assertEquals(0, r.exitCode(), r::toString);
            JsonLinesCheck.check(r.out(), 2, 320, 180, (int) r.out().lines().count());
            assertTrue(r.out().lines().anyMatch(l -> l.contains("{\"camera\":1,\"status\":\"CAP_BROKEN\"")
                    && l.contains("\"failure\":\"SERVER_ENDED\"")), r::toString);
        }
    }
    @Test
    void everyCameraCutOffStillGivesLinesSayingCapBrokenDuringTheOutage() throws Exception {
        try (SimulatedCamera a = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500)).build();
             SimulatedCamera b = SimulatedCamera.builder().width(320).height(180).senderReportInterval(Duration.ofMillis(500)).build()) {
            a.start();
            b.start();
            // Both cameras (the whole server) cut their clients off after about two seconds: the library
            // retries with backoff; meanwhile lines keep coming, each camera CAP_BROKEN (issue 10, #6).
            Thread cutter = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while ((a.stats().framesSent.sum() < 50 || b.stats().framesSent.sum() < 50) && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
                a.disconnect();
                b.disconnect();
            }, "cutter");
            cutter.setDaemon(true);
            cutter.start();
            CliRun r = CliRun.of("sync", "--json", "--seconds", "6", a.url().toString(), b.url().toString());
            cutter.join(1_000);
            assertEquals(0, r.exitCode(), r::toString);
            JsonLinesCheck.check(r.out(), 2, 320, 180, (int) r.out().lines().count());
            long outageLines = r.out().lines().filter(l -> l.contains("{\"camera\":0,\"status\":\"CAP_BROKEN\"")
                    && l.contains("{\"camera\":1,\"status\":\"CAP_BROKEN\"")).count();
            assertTrue(outageLines >= 5, "lines with both cameras CAP_BROKEN: " + outageLines + "\n" + r);
        }
    }
}
