package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import java.awt.GraphicsEnvironment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code view} where no window can open (the tests run headless, see the module's pom): the command
 * says so in one line instead of failing with a HeadlessException. The viewer's drawing is tested
 * headless in {@code dev.streamsync.cli.view}.
 */
class ViewCommandTest {
    @Test
    void withoutADisplayTheViewerSaysWhatItNeeds() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests must run headless (java.awt.headless=true in the pom)");
        CliRun r = CliRun.of("view", "rtsp://127.0.0.1:1/cam");
        assertEquals(CliException.EXIT_FAILURE, r.exitCode(), r::toString);
        assertEquals("streamsync: the viewer needs a display: set DISPLAY (or run under Xvfb, see scripts/viewer-screenshot.sh)\n",
                r.err(), r::toString);
    }

    @Test
    void urlsAndDemoTogetherOrNeitherAreUsageErrors() {
        for (String[] args : new String[][] {{"view"}, {"view", "--demo", "rtsp://127.0.0.1:1/cam"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(CliException.EXIT_USAGE, r.exitCode(), r::toString);
            assertEquals("streamsync: give camera URLs or --demo (not both)\n", r.err(), r::toString);
        }
        CliRun r = CliRun.of("view", "--demo", "--cameras", "17");
        assertEquals(CliException.EXIT_USAGE, r.exitCode(), r::toString);
        assertEquals("streamsync: --cameras must be within 1..16, was 17\n", r.err(), r::toString);
    }
}
