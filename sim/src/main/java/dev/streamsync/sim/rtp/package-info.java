/** Writing the RTP headers, ONVIF header extension and RTCP SR+SDES packets a simulated camera sends. */
package dev.streamsync.sim.rtp;
