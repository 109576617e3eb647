package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncJsonTest {
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
}
