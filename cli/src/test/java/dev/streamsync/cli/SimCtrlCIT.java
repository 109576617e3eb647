package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamsync sim} as its own process (the test's class path, the command line's main): Ctrl-C
 * (SIGTERM here, the same shutdown hook) ends it promptly and quietly; the shutdown hook waits for the
 * cameras to close rather than dying in the middle of it or hanging.
 */
class SimCtrlCIT {
    @Test
    void sigtermEndsTheSimulatorPromptlyWithoutAnError() throws Exception {
        Path stderr = Files.createTempFile("sim-stderr", ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StreamsyncCommand.class.getName(),
                "sim", "--count", "2", "--width", "160", "--height", "96")
                .redirectError(stderr.toFile()).start();
        try {
            CompletableFuture<List<URI>> urls = new CompletableFuture<>();
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    List<URI> found = new ArrayList<>();
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (found.size() < 2) {
                            found.add(URI.create(line));
                            if (found.size() == 2) {
                                urls.complete(found);
                            }
                        }
                    }
                } catch (Exception e) {
                    urls.completeExceptionally(e);
                }
                urls.completeExceptionally(new IllegalStateException("the simulator ended before printing two URLs"));
            }, "sim-stdout");
            reader.setDaemon(true);
            reader.start();
            List<URI> served = urls.get(30, TimeUnit.SECONDS);
            for (URI u : served) {
                assertTrue(SimCommandIT.accepts(u.getPort()), "camera listens on " + u);
            }

            p.destroy(); // SIGTERM: runs the shutdown hooks, as Ctrl-C does
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the simulator did not end after SIGTERM");
            assertEquals(128 + 15, p.exitValue(), "ended by the signal, not by a crash");
            reader.join(5_000);
            assertEquals("", Files.readString(stderr), "nothing on stderr");
            synchronized (lines) {
                assertEquals(2, lines.size(), lines::toString);
            }
            for (URI u : served) {
                assertFalse(SimCommandIT.accepts(u.getPort()), "port still open: " + u);
            }
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

}
