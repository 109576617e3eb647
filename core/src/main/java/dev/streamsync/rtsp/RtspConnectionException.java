package dev.streamsync.rtsp;

/**
 * The TCP/TLS connection could not be made, or it closed or failed before the session ended. When it
 * could not be made ({@link RtspPhase#CONNECTING}), the cause is the socket error as the JDK or Netty
 * raised it ({@link java.net.ConnectException} for a refused connection,
 * {@link java.net.UnknownHostException}, {@link java.net.NoRouteToHostException} ...); its message
 * names host and port, never credentials. Otherwise {@link #phase()} says when the connection went.
 */
public final class RtspConnectionException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspConnectionException(String message, String url, Throwable cause) {
        super(message, url, cause);
    }
}
