package dev.streamsync.rtsp;

/**
 * The server refused the credentials (a second 401 after authenticating, no credentials configured,
 * or a challenge in a scheme that is not supported). Not to be retried in a tight loop: the
 * credentials will not become right by themselves.
 */
public final class RtspAuthenticationException extends RtspResponseException {
    private static final long serialVersionUID = 1L;

    public RtspAuthenticationException(String method, String url, int statusCode, String detail) {
        super(method, url, statusCode, detail);
    }
}
