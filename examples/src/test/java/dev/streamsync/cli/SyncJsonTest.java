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
            int okay = JsonLinesCheck.check(r.out(), 2, 320, 180, 20);
            assertTrue(okay >= 30, () -> "most frames should be present\n" + r);
            assertTrue(r.err().contains("summary: 20 packets"), r::toString);
        }
    }
}
