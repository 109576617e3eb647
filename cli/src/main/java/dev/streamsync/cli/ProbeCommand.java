package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.Transport;
import dev.streamsync.probe.CameraProbe;
import dev.streamsync.probe.ProbeException;
import dev.streamsync.probe.ProbeReport;
import dev.streamsync.probe.ProbeReport.Clock;
import dev.streamsync.probe.ProbeReport.Connection;
import dev.streamsync.probe.ProbeReport.HeaderExtensionMapping;
import dev.streamsync.probe.ProbeReport.Latency;
import dev.streamsync.probe.ProbeReport.Media;
import dev.streamsync.probe.ProbeReport.Resolution;
import dev.streamsync.probe.ProbeReport.Sdp;
import dev.streamsync.probe.ProbeReport.SessionEnd;
import dev.streamsync.probe.ProbeReport.StreamReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code streamsync probe URL}: what a user runs first on a new camera. {@link CameraProbe} connects,
 * listens for {@code --seconds} and measures; this command only prints its {@link ProbeReport}: the
 * SDP, codec, resolution (by decoding the first keyframe), measured frame rate, transport, time to the
 * first sender report, the sender report interval, the camera clock's offset to the local clock,
 * drift, the RTP header extensions seen and the {@code --max-latency-ms} to use.
 */
@Command(name = "probe", description = {"Check one camera and report how well it can be synchronized.",
        "Shows its SDP, codec, resolution, fps, transport, sender reports, clock offset to this machine,",
        "drift and header extensions."},
        footer = {"%nExample:", "  streamsync probe rtsp://admin:secret@10.0.0.7/stream1 --seconds 12"})
final class ProbeCommand extends BaseCommand {
    @Parameters(paramLabel = "URL", description = "rtsp://[user:password@]host[:port]/path")
    String url;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "Listening time in seconds (default: ${DEFAULT-VALUE}; sender reports come every ~5 s).")
    double seconds;

    @Option(names = "--transport", paramLabel = "auto|tcp|udp", converter = Converters.TransportConverter.class, defaultValue = "auto",
            description = "How RTP is carried: auto (TCP, UDP when the camera refuses TCP), tcp or udp (default: ${DEFAULT-VALUE}).")
    Transport transport;

    @Override
    public Integer call() throws Exception {
        Camera camera = CameraUrls.parse(url).transport(transport);
        PrintWriter out = out();
        ProbeReport report;
        try {
            report = CameraProbe.run(camera, runTime(seconds), connection -> {
                printConnection(out, connection);
                out.printf("  listening        %.0f s ...%n", seconds);
                out.flush();
            });
        } catch (ProbeException e) {
            throw new CliException(e.getCause() != null ? ErrorMessages.describe(e.getCause()) : e.getMessage(),
                    CliException.EXIT_FAILURE, e.getCause());
        }
        String endedEarly = report.end().map(ProbeCommand::endedEarly).orElse(null);
        if (endedEarly != null) {
            out.printf(Locale.ROOT, "  the session ended after %.1f s: %s%n", report.end().get().after().toNanos() / 1e9, endedEarly);
        }
        for (StreamReport s : report.streams()) {
            printStream(out, s);
        }
        out.flush();
        if (endedEarly != null) {
            throw new CliException("the session ended before the listening time was over: " + endedEarly);
        }
        return 0;
    }

    private static String endedEarly(SessionEnd end) {
        return end.error().isPresent() ? ErrorMessages.describe(end.error().get())
                : "SERVER_ENDED".equals(end.reason())
                ? "the server ended the session (RTCP BYE on every stream)" : "the session ended (" + end.reason() + ")";
    }

    private static void printConnection(PrintWriter out, Connection c) {
        out.printf("probe %s%s%n", c.url(), c.withCredentials() ? " (with credentials)" : "");
        out.printf("  connected        PLAY answered %.0f ms after connecting; transport %s%s%n", c.playAnsweredAfter().toNanos() / 1e6,
                c.transport(), c.requestedTransport() == Transport.AUTO ? " (auto)" : "");
        c.sdp().ifPresent(sdp -> printSdp(out, sdp));
    }

    private static void printSdp(PrintWriter out, Sdp sdp) {
        out.printf("  SDP              session \"%s\", %d media section(s)%n", sdp.sessionName(), sdp.media().size());
        for (Media m : sdp.media()) {
            out.printf("    m=%s %s pt %d %s/%d control %s%s%n", m.media(), m.protocol(), m.payloadType(), m.encodingName(),
                    m.clockRateHz(), m.control().isEmpty() ? "-" : m.control(),
                    m.decodable() ? "" : "  (not decoded by streamsync)");
            if (!m.fmtp().isEmpty()) {
                out.printf("      fmtp %s%n", m.fmtp());
            }
            for (HeaderExtensionMapping x : m.extmaps()) {
                out.printf("      extmap %d %s%n", x.id(), x.uri());
            }
        }
        if (!sdp.tsRefclk().isEmpty() || !sdp.mediaclk().isEmpty()) {
            out.printf("    ts-refclk %s mediaclk %s%n", sdp.tsRefclk(), sdp.mediaclk());
        }
    }

    private void printStream(PrintWriter out, StreamReport s) {
        out.printf("  stream %d         %s, clock %d Hz, %s%n", s.index(), s.codec(), s.clockRateHz(), s.controlUrl());
        Resolution res = s.resolution();
        out.printf("    resolution     %s%n", res.problem().map(p -> "- (" + p + ")").orElse(res.width() + "x" + res.height() + " (decoded)"));
        if (s.fps().isPresent()) {
            out.printf(Locale.ROOT, "    fps            %.2f (RTP timestamps of %d frames; %.2f by arrival), %d keyframes%n",
                    s.fps().getAsDouble(), s.frames(), s.arrivalFps().getAsDouble(), s.keyframes());
        } else {
            out.printf("    fps            - (%d frames received)%n", s.frames());
        }
        out.printf("    packets        %d RTP, %d lost, %d reordered, %d duplicates, SSRC changes %d%n", s.packets().rtp(),
                s.packets().lost(), s.packets().reordered(), s.packets().duplicates(), s.packets().ssrcChanges());
        if (s.senderReports().isEmpty()) {
            out.printf("    sender reports none in %.0f s%s%n", seconds,
                    s.clock().isPresent() ? "" : "  -> no camera clock: frames would be stamped with arrival time (unsynced)");
        } else {
            out.printf(Locale.ROOT, "    first SR       %.2f s after PLAY%n", s.senderReports().get(0).toNanos() / 1e9);
            if (s.senderReportIntervalSeconds().isPresent()) {
                out.printf(Locale.ROOT, "    SR interval    %.2f s (%d reports)%n", s.senderReportIntervalSeconds().getAsDouble(),
                        s.senderReports().size());
            } else {
                out.printf("    SR interval    - (1 report; listen longer with --seconds)%n");
            }
        }
        if (s.clock().isPresent()) {
            Clock c = s.clock().get();
            out.printf(Locale.ROOT, "    clock          %s from %.2f s after PLAY%n", c.source(), c.anchoredAfter().toNanos() / 1e9);
            out.printf(Locale.ROOT, "    clock offset   %s ms median, %s ms max: frame time on the camera's clock minus its local"
                            + " arrival time, i.e. the camera clock's offset minus the capture-to-arrival delay%n",
                    Times.millis(c.offsetMedianMicros()), Times.millis(c.offsetMaxMicros()));
            out.printf("                   (a few ms to ~-200 ms is a good clock; positive or large: the camera clock is off -> --offset-ms)%n");
            if (c.latency().isEmpty()) {
                out.printf("    latency        - (the camera's clock is ahead of this machine's: set --offset-ms, then probe again)%n");
            } else {
                Latency l = c.latency().get();
                out.printf(Locale.ROOT, "    latency        capture to arrival %s ms p99 -> --max-latency-ms %d%s%n",
                        Times.millis(l.p99Micros()), l.recommendedMaxLatencyMillis(), l.withinDefault()
                                ? " (within the default of " + l.libraryDefaultMillis() + " ms)"
                                : " (above the default of " + l.libraryDefaultMillis() + " ms: set it)");
            }
            if (c.driftPpm().isPresent()) {
                out.printf(Locale.ROOT, "    drift          %+.2f ppm (media clock vs. camera clock, %d reports, fit residual %.1f us)%n",
                        c.driftPpm().getAsDouble(), c.senderReportsFitted(), c.fitResidualRmsMicros());
            } else {
                out.printf("    drift          - (needs two sender reports)%n");
            }
        } else {
            out.printf("    clock          no anchor: no sender report, header extension or Range clock%n");
        }
        out.printf("    header ext.    ONVIF 0xABAC %d packets, RFC 6051 ntp-64 %d, ntp-56 %d%n", s.headerExtensions().onvif(),
                s.headerExtensions().ntp64(), s.headerExtensions().ntp56());
    }
}
