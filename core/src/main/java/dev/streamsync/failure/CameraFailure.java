package dev.streamsync.failure;


import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a camera is broken or has ended: a {@link FailureKind} for programs and a one-line message for
 * people. Carried by {@code FrameData.failure()} of CAP_BROKEN entries and by
 * {@code CameraStats.failure()}.
 *
 * <p>The message never contains credentials: the user information of any URL in it
 * ({@code rtsp://user:password@host}) is removed here ({@link Redaction#redact}), whoever built it. Immutable and thread-safe.
 *
 * @param kind    what kind of failure; says what to check
 * @param message what failed, for example {@code "DESCRIBE answered 401 credentials rejected
 *                (rtsp://10.0.0.7/stream1)"}; never blank
 */
public record CameraFailure(FailureKind kind, String message) {
    public CameraFailure {
        Objects.requireNonNull(kind, "kind");
        message = message == null || message.isBlank() ? kind.name() : Redaction.redact(message);
    }

    /**
     * The failure {@code cause} describes: its kind from {@link FailureKind#of(Throwable)}, its message
     * from the exception itself (looking through {@link CompletionException} and
     * {@link ExecutionException}), or its class name when it has none.
     */
    public static CameraFailure of(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t == null ? null : t.getMessage();
        if ((message == null || message.isBlank()) && t != null) {
            message = t.getClass().getSimpleName();
        }
        return new CameraFailure(FailureKind.of(cause), message);
    }
}
