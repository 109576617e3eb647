package dev.streamsync.cli;

import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.cli.view.ViewerWindow;
import dev.streamsync.sim.ShutdownHandler;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One run of a synchronizer for {@code demo}, {@code sync} and {@code view}: the packet loop with its
 * handlers, an optional viewer, Ctrl-C handling (stop, print the summary, exit 0) and the summary.
 */
final class Session {
    /** How long Ctrl-C waits for the summary and the cameras' close. */
    private static final Duration CTRL_C_GRACE = Duration.ofSeconds(5);

    private final StreamSynchronizer sync;
    private final PacketLoop loop;
    private final List<PacketHandler> handlers = new ArrayList<>();
    private ViewerWindow viewer;
    private PrintWriter watched;

    Session(StreamSynchronizer sync) {
        this.sync = sync;
        this.loop = new PacketLoop(sync);
    }

    Session handler(PacketHandler h) {
        handlers.add(h);
        return this;
    }

    /** Opens the viewer; closing its window ends the run. */
    Session viewer(String title, int rows, int cols) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new CliException("the viewer needs a display: set DISPLAY (or run under Xvfb, see scripts/viewer-screenshot.sh)");
        }
        List<String> names = new ArrayList<>();
        sync.cameras().forEach(c -> names.add(c.name()));
        try {
            viewer = new ViewerWindow(title, names, rows, cols, loop::requestStop);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), CliException.EXIT_USAGE, e);
        }
        ViewerWindow v = viewer;
        handlers.add(v::render);
        v.show();
        return this;
    }

    /** Ends the run when {@code out} fails (stdout piped into a command that exited, e.g. {@code | head}). */
    Session stopWhenClosed(PrintWriter out) {
        watched = out;
        return this;
    }

    PacketLoop loop() {
        return loop;
    }

    /**
     * Runs until {@code duration} (null: until Ctrl-C or the window closes) or {@code maxPackets}
     * (0: no limit), then prints the summary to {@code summaryOut}.
     */
    void run(Duration duration, long maxPackets, PrintWriter summaryOut, String extraHeader, IntFunction<String> extraColumn)
            throws Exception {
        // Ctrl-C: stop the loop, let the summary be printed and the cameras be closed.
        ShutdownHandler ctrlC = ShutdownHandler.install("streamsync-ctrl-c", loop::requestStop, CTRL_C_GRACE);
        long start = System.nanoTime();
        try {
            loop.run(duration, maxPackets, packet -> {
                for (PacketHandler h : handlers) {
                    h.onPacket(packet);
                }
            }, () -> watched != null && watched.checkError());
            double seconds = (System.nanoTime() - start) / 1e9;
            Summary.print(summaryOut, sync.stats(), loop, seconds, extraHeader, extraColumn);
        } finally {
            if (viewer != null) {
                viewer.dispose();
            }
            ctrlC.close();
        }
    }
}
