package dev.streamsync.sim.encode;

import org.bytedeco.ffmpeg.global.avutil;

/** Lowers FFmpeg's log level once per process, so OpenH264's rate-control chatter stays off stderr. */
final class FfmpegLog {

    private static volatile boolean done;

    private FfmpegLog() {
    }

    static void quiet() {
        if (!done) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            done = true;
        }
    }
}
