package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.sim.EncodingMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;

/**
 * {@code streamsync view URL...} / {@code view --demo}: the streams in a window, each tile with its
 * UTC capture time and offset from the packet time, the packet spread in the status bar. Closing the
 * window closes the synchronizer and ends the command.
 */
@Command(name = "view", description = {"Show synchronized streams in a window.", "A grid of tiles, each with its frame's UTC capture time and offset."},
        footer = {"%nExamples:", "  streamsync view --demo --seconds 20", "  streamsync view rtsp://10.0.0.7/stream1 rtsp://10.0.0.8/stream1"})
final class ViewCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "URL", description = "rtsp:// URLs, one per camera (or --demo).")
    List<String> urls = List.of();

    @Option(names = "--demo", description = "Show the demo's simulated cameras instead of URLs.")
    boolean demo;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "4", description = "With --demo: number of cameras (default: ${DEFAULT-VALUE}).")
    int demoCameras;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "0", description = "Grid rows (default: from the camera count).")
    int rows;

    @Option(names = "--cols", paramLabel = "N", defaultValue = "0", description = "Grid columns (default: from the camera count).")
    int cols;

    @Option(names = "--seconds", paramLabel = "N", description = "Close after N seconds (default: when the window is closed).")
    Double seconds;

    @Mixin
    SyncOptions options;

    @Override
    public Integer call() throws Exception {
        if (demo == !urls.isEmpty()) {
            throw new CliException("give camera URLs or --demo (not both)", CliException.EXIT_USAGE, null);
        }
        Duration duration = runTime(seconds);
        if (demo) {
            if (demoCameras < 1 || demoCameras > 16) {
                throw new CliException("--cameras must be within 1..16, was " + demoCameras, CliException.EXIT_USAGE, null);
            }
            try (DemoCameras sims = new DemoCameras(demoCameras, 320, 180, 25, EncodingMode.LIVE)) {
                sims.describe(out(), true);
                StreamSynchronizer.Builder b = StreamSynchronizer.builder().maxLatency(Duration.ofMillis(sims.maxSendDelayMs() + 400))
                        .framePacketBufferMaxSize(100);
                sims.cameras(true).forEach(b::camera);
                show(b, "streamsync view --demo", duration);
            }
        } else {
            List<Camera> cameras = options.cameras(urls);
            StreamSynchronizer.Builder b = options.apply(StreamSynchronizer.builder());
            cameras.forEach(b::camera);
            show(b, "streamsync view", duration);
        }
        return 0;
    }

    private void show(StreamSynchronizer.Builder b, String title, Duration duration) throws Exception {
        try (StreamSynchronizer sync = b.build()) {
            Session session = new Session(sync).viewer(title, rows, cols);
            session.run(duration, 0, out(), null, null);
        }
    }
}
