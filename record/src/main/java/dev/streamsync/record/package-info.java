/**
 * Synchronized recording: every frame of every camera, stream-copied into one fragmented MP4 per
 * camera with its UTC capture time and timestamp source, plus the timestamps CSV, the NumPy times
 * file, the packet index and the manifest of a recorded session (DESIGN.md, "Recorded sessions").
 * Above {@code dev.streamsync.api} in the layer order; read by the session reader, QC, calibration,
 * trim and the Python package through the file layout only.
 */
package dev.streamsync.record;
