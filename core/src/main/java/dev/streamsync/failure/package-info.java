/**
 * Why a camera is broken or has ended: {@link dev.streamsync.failure.FailureKind},
 * {@link dev.streamsync.failure.CameraFailure}, the classification of exceptions and the one
 * credential redaction every printed URL and message goes through. A leaf: imports no other
 * streamsync package, so every layer may report failures in this vocabulary.
 */
package dev.streamsync.failure;
