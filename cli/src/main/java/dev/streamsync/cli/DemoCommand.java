package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.sim.EncodingMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * {@code streamsync demo}: simulated cameras with different network delays and one wrong clock,
 * synchronized, printed as a live table, then a summary. Needs no camera. Ends after
 * {@code --seconds}; exit code 0 when packets came.
 */
@Command(name = "demo", description = {
        "Synchronize simulated cameras (no camera needed).",
        "Prints a live table of the packets and a summary.",
        "Camera i has send delay 0/150/400/50 ms (i mod 4); cam3's clock is 250 ms off and corrected with",
        "a per-camera timestamp offset. The 'stamp error' column compares each timestamp with the capture",
        "time painted into the picture by the simulated camera."},
        footer = {"%nExample:", "  streamsync demo --seconds 10 --cameras 4"})
final class DemoCommand extends BaseCommand {
    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "Run time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "4", description = "Number of cameras, 1..16 (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--view", description = "Also show the streams in a window.")
    boolean view;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "0", description = "Viewer grid rows (default: from the camera count).")
    int rows;

    @Option(names = "--cols", paramLabel = "N", defaultValue = "0", description = "Viewer grid columns (default: from the camera count).")
    int cols;

    // 320x180: four live H.264 encoders plus four decoders take about half a core here (640x360: about
    // a full core, and on a loaded 2-core machine the encoders then fall behind 25 fps).
    @Option(names = "--width", paramLabel = "PX", defaultValue = "320", description = "Picture width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "180", description = "Picture height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "25", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--pre-encoded", description = "Replay a pre-encoded loop instead of encoding live (less CPU; no painted time, so no stamp check).")
    boolean preEncoded;

    @Option(names = "--uncorrected", description = "Do not compensate cam3's clock offset (to see what it does).")
    boolean uncorrected;

    @Option(names = "--no-table", description = "Print only the summary.")
    boolean noTable;

    @Override
    public Integer call() throws Exception {
        if (cameras < 1 || cameras > 16) {
            throw new CliException("--cameras must be within 1..16, was " + cameras, CliException.EXIT_USAGE, null);
        }
        Duration runTime = runTime(seconds);
        try (DemoCameras sims = new DemoCameras(cameras, width, height, fps, preEncoded ? EncodingMode.PRE_ENCODED : EncodingMode.LIVE)) {
            sims.describe(out(), !uncorrected);
            List<Camera> list = sims.cameras(!uncorrected);
            // The library's defaults: packets wait for each camera's learnt latency (the 400 ms camera
            // included) up to maxLatency, and the burst of frames held until the first clock anchors is
            // bounded by the packet queue's free places.
            StreamSynchronizer.Builder b = StreamSynchronizer.builder();
            list.forEach(b::camera);
            try (StreamSynchronizer sync = b.build()) {
                Session session = new Session(sync).stopWhenClosed(out());
                StampCheck check = new StampCheck(list.size());
                if (!preEncoded) {
                    session.handler(check);
                }
                if (!noTable) {
                    session.handler(new TablePrinter(out(), list));
                }
                if (view) {
                    session.viewer("streamsync demo", rows, cols);
                }
                session.run(runTime, 0, out(),
                        preEncoded ? null : "stamp error mean / max", preEncoded ? null : check::column);
                if (session.loop().handled() == 0) {
                    throw new CliException("no frame packets in " + seconds + " s (is the machine overloaded? try --pre-encoded)");
                }
            }
        }
        return 0;
    }
}
