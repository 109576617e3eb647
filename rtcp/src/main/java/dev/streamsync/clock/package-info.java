/**
 * Time: NTP timestamps (RFC 5905), 32-to-64-bit RTP timestamp unwrapping, the RTP-to-UTC clock
 * estimator fed by sender reports and header extensions, and the injectable local clock
 * ({@link dev.streamsync.clock.MicrosClock}). The lowest layer: JDK only, imports no other
 * streamsync package.
 */
package dev.streamsync.clock;
