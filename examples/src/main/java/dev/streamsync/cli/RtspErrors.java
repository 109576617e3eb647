package dev.streamsync.cli;

/** Placeholder replaced when the RTSP client is available. */
final class RtspErrors {
    private RtspErrors() {
    }

    static String describe(Throwable t) {
        return null;
    }
}
