/** H.264 encoding with FFmpeg's libopenh264 wrapper (bytedeco), live or as shared pre-encoded loops. */
package dev.streamsync.sim.encode;
