package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.StreamSynchronizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code streamsync sync URL...}: synchronize real cameras; a live table (or JSON lines with
 * {@code --json}), then a summary (on stderr with {@code --json}, so stdout stays JSON).
 */
@Command(name = "sync", description = {"Synchronize RTSP cameras (or video files) and print every packet.",
        "Prints a table or JSON lines, then a summary."},
        footer = {"%nExamples:", "  streamsync sync rtsp://admin:secret@10.0.0.7/stream1 rtsp://10.0.0.8:8554/cam --seconds 30",
                "  streamsync sync --json --packets 100 --offset-ms 1=-40 rtsp://10.0.0.7/a rtsp://10.0.0.8/b"})
final class SyncCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "rtsp://[user:password@]host[:port]/path or a video file, one per camera.")
    List<String> urls;

    @Mixin
    SyncOptions options;

    @Option(names = "--json", description = "One JSON object per packet per line on stdout.")
    boolean json;

    @Option(names = "--packets", paramLabel = "N", defaultValue = "0", description = "Stop after N packets (default: no limit).")
    long packets;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: no limit; Ctrl-C stops).")
    Double seconds;

    @Option(names = "--save-frames", paramLabel = "DIR", description = "Write each packet's frames as DIR/<packet>_<camera>.png.")
    Path saveFrames;

    @Override
    public Integer call() throws Exception {
        Duration runTime = runTime(seconds);
        List<Camera> cameras = options.cameras(urls);
        // Checked before any camera is contacted: a wrong folder is a usage error, not a failure mid-run.
        PacketHandler saver = saveFrames == null ? null : frameSaver(saveFrames);
        StreamSynchronizer.Builder b = options.apply(StreamSynchronizer.builder());
        cameras.forEach(b::camera);
        try (StreamSynchronizer sync = b.build()) {
            Session session = new Session(sync).stopWhenClosed(out());
            if (saver != null) {
                session.handler(saver);
            }
            session.handler(json ? new JsonLinesPrinter(out()) : new TablePrinter(out(), cameras));
            session.run(runTime, packets,
                    json ? err() : out(), null, null);
            if (session.loop().handled() == 0) {
                throw new CliException("no frame packets received" + (seconds == null ? "" : " in " + seconds + " s"));
            }
        }
        return 0;
    }

    private static PacketHandler frameSaver(Path dir) {
        try {
            return FrameImages.saver(dir);
        } catch (IOException e) {
            throw new CliException("--save-frames " + dir + ": cannot create or use this folder ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    CliException.EXIT_USAGE, e);
        }
    }
}
