package dev.streamsync.cli;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;

import java.io.PrintWriter;

/**
 * One JSON object per packet per line ({@code sync --json}):
 *
 * <pre>
 * {"packet":0,"reference":1763818872.345678,"spread_ms":0.412,"frames":[
 *   {"camera":0,"status":"FRAME_OKAY","timestamp":1763818872.345678,"offset_ms":0.000,
 *    "timestamp_source":"RTCP_SR","frame_type":"P","width":640,"height":360,"motion_vectors":120},
 *   {"camera":1,"status":"CAP_BROKEN","reason":"...","failure":"AUTHENTICATION"}]}
 * </pre>
 * (on one line). Entries without a frame have a {@code reason}; CAP_BROKEN and CAP_ENDED entries also
 * name the {@link dev.streamsync.api.FailureKind} in {@code failure}. While every camera is down, lines
 * keep coming with CAP_BROKEN entries (the library's status packets). Times are UTC seconds with microsecond digits, written exactly from the integer
 * microseconds; durations are milliseconds with microsecond digits.
 */
final class JsonLinesPrinter implements PacketHandler {
    private final PrintWriter out;

    JsonLinesPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onPacket(FramePacket p) {
        out.println(line(p));
        out.flush();
    }

    static String line(FramePacket p) {
        StringBuilder b = new StringBuilder(128 + 200 * p.size());
        b.append("{\"packet\":").append(p.sequence())
                .append(",\"reference\":").append(Times.epochSeconds(p.referenceTimeUtcMicros()))
                .append(",\"spread_ms\":").append(Times.millis(p.spreadMicros()))
                .append(",\"frames\":[");
        for (FrameData f : p) {
            if (f.cameraIndex() > 0) {
                b.append(',');
            }
            b.append("{\"camera\":").append(f.cameraIndex()).append(",\"status\":").append(Json.quote(f.status().name()));
            if (f.hasFrame()) {
                b.append(",\"timestamp\":").append(Times.epochSeconds(f.captureTimeUtcMicros()))
                        .append(",\"offset_ms\":").append(Times.millis(f.offsetFromPacketMicros()))
                        .append(",\"timestamp_source\":").append(Json.quote(f.timestampSource().name()))
                        .append(",\"frame_type\":").append(Json.quote(f.frameType().letter()))
                        .append(",\"width\":").append(f.width())
                        .append(",\"height\":").append(f.height())
                        .append(",\"motion_vectors\":").append(f.motionVectors().rows());
            } else {
                f.reason().ifPresent(r -> b.append(",\"reason\":").append(Json.quote(r)));
                f.failure().ifPresent(x -> b.append(",\"failure\":").append(Json.quote(x.kind().name())));
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }
}
