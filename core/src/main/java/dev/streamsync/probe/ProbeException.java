package dev.streamsync.probe;

import dev.streamsync.api.CameraFailure;

/**
 * The probe could not start: the camera did not answer within {@link CameraProbe#CONNECT_TIMEOUT},
 * or the RTSP session failed before PLAY (authentication, no such stream, refused ...). The cause,
 * when there is one, is the library's typed exception; {@link #failure()} classifies it. The message
 * never contains credentials.
 */
public final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient CameraFailure failure;

    ProbeException(String message, CameraFailure failure, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** What went wrong, as a kind a program can switch on. */
    public CameraFailure failure() {
        return failure;
    }
}
