/**
 * Decoded pictures as every layer above the decoder sees them: {@link dev.streamsync.picture.Picture}
 * (reference counted, valid until released), {@link dev.streamsync.picture.PixelFormat},
 * {@link dev.streamsync.picture.FrameType} and {@link dev.streamsync.picture.MotionVectors}.
 * A leaf: imports no other streamsync package; the decoder implements these types.
 */
package dev.streamsync.picture;
