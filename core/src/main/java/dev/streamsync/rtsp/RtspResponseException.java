package dev.streamsync.rtsp;

/** The server answered a request with a status that is not success (and not handled: auth, redirect). */
public class RtspResponseException extends RtspException {
    private static final long serialVersionUID = 1L;
    private final int statusCode;
    private final String reasonPhrase;
    private final String method;

    public RtspResponseException(String method, String url, int statusCode, String reasonPhrase) {
        super(method + " answered " + statusCode + " " + reasonPhrase, url, null);
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
        this.method = method;
    }

    /** The RTSP status code (RFC 2326 §7.1.1). */
    public int statusCode() {
        return statusCode;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The request method that failed ({@code DESCRIBE}, {@code SETUP} ...). */
    public String method() {
        return method;
    }
}
