package dev.streamsync.failure;

/**
 * An exception that knows which {@link FailureKind} it is, so that {@link FailureKind#of(Throwable)}
 * can classify failures of any layer without this package importing them (the RTSP client's
 * exceptions implement it). Implementations decide by their type and fields, never by message text.
 * The answer must not change once the exception has been handed to anyone.
 */
public interface ClassifiedFailure {
    /** What kind of failure this is. */
    FailureKind failureKind();
}
