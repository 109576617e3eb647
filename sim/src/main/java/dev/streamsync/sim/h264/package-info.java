/** H.264 byte-stream handling: Annex B splitting, the capture-time SEI, RFC 6184 packetization. */
package dev.streamsync.sim.h264;
