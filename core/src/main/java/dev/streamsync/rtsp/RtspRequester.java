package dev.streamsync.rtsp;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one {@link RtspClient} session: one at a time (RTSP servers are not required to
 * pipeline), numbered with CSeq, with the Session header once SETUP gave one, authorized (Basic or
 * Digest, retried on 401 only while that can help), each with a response timeout on the session's
 * {@link SessionTimers}. Answers are matched to the request in flight; a 3xx before any session is
 * handed back to the owner, which decides about redirects.
 *
 * <p>Threading: event loop only.
 */
final class RtspRequester {
    private static final Logger LOG = LoggerFactory.getLogger(RtspRequester.class);
    private static final int MAX_AUTH_ATTEMPTS = 3;

    /** What the requester needs from its session. */
    interface Owner {
        /** The control connection, or null. */
        Channel channel();

        RtspClientConfig config();

        /** The URL for error messages, without credentials. */
        String url();

        boolean finished();

        /** Ends the session with this failure. */
        void fail(RtspException e);

        /** A 3xx answer to {@code method} before any session exists. */
        void redirect(String method, FullHttpResponse response);
    }

    /** One request in flight. */
    private static final class Pending {
        final String method;
        final String uri;
        final List<String[]> headers;
        final Consumer<FullHttpResponse> onResponse;
        int cseq;
        int authAttempts;
        ScheduledFuture<?> timeout;

        Pending(String method, String uri, List<String[]> headers, Consumer<FullHttpResponse> onResponse) {
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.onResponse = onResponse;
        }
    }

    private final Owner owner;
    private final SessionTimers timers;
    private RtspAuthenticator authenticator;
    private int cseq;
    private Pending pending;
    private String sessionId;
    /** The server sent a readable RTSP response on the current connection (see {@link RtspPhase}). */
    private boolean answered;

    RtspRequester(Owner owner, SessionTimers timers, RtspAuthenticator authenticator) {
        this.owner = owner;
        this.timers = timers;
        this.authenticator = authenticator;
    }

    /** Credentials to use from now on (a redirect's Location carried some). */
    void authenticator(RtspAuthenticator a) {
        this.authenticator = a;
    }

    /** The Session id from SETUP, or null. */
    String sessionId() {
        return sessionId;
    }

    void sessionId(String id) {
        this.sessionId = id;
    }

    /** A new control connection: nothing answered on it yet, no session. Cancels the request in flight. */
    void newConnection() {
        cancel();
        answered = false;
        sessionId = null;
    }

    /** Whether the server answered in RTSP on this connection. */
    boolean answered() {
        return answered;
    }

    /** A request is in flight. */
    boolean busy() {
        return pending != null;
    }

    /** Forgets the request in flight (its answer, if any, is then ignored). */
    void cancel() {
        if (pending != null && pending.timeout != null) {
            pending.timeout.cancel(false);
        }
        pending = null;
    }

    /** Sends a request; {@code onResponse} gets its (final, authorized, non-redirect) answer. */
    void send(String method, String uri, List<String[]> headers, Consumer<FullHttpResponse> onResponse) {
        write(new Pending(method, uri, headers, onResponse));
    }

    /** Writes a request nobody waits for (TEARDOWN before reconnecting); no timeout, its answer ignored. */
    void sendWithoutAnswer(String method, String uri) {
        Channel channel = owner.channel();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(request(method, uri, ++cseq, List.of()));
        }
    }

    private FullHttpRequest request(String method, String uri, int number, List<String[]> headers) {
        FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.valueOf(method), uri);
        // Canonical capitalization: Netty's constants are lower case, and some cameras match
        // header names case-sensitively despite RFC 2326 §4.2.
        req.headers().set("CSeq", Integer.toString(number));
        req.headers().set("User-Agent", owner.config().userAgent());
        if (sessionId != null) {
            req.headers().set("Session", sessionId);
        }
        if (authenticator != null) {
            authenticator.authorization(method, uri).ifPresent(a -> req.headers().set("Authorization", a));
        }
        for (String[] h : headers) {
            req.headers().set(h[0], h[1]);
        }
        return req;
    }

    private void write(Pending p) {
        Channel channel = owner.channel();
        if (channel == null || !channel.isActive()) {
            owner.fail(new RtspConnectionException(p.method + " cannot be sent: connection closed", owner.url(), null));
            return;
        }
        p.cseq = ++cseq;
        FullHttpRequest req = request(p.method, p.uri, p.cseq, p.headers);
        pending = p;
        final int expected = p.cseq;
        long timeoutMillis = owner.config().responseTimeoutMillis();
        p.timeout = timers.once(timeoutMillis, () -> {
            if (pending != null && pending.cseq == expected) {
                owner.fail(new RtspTimeoutException(p.method + " got no answer within " + timeoutMillis
                        + " ms (responseTimeoutMillis)", owner.url()));
            }
        });
        channel.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess() && !owner.finished()) {
                owner.fail(new RtspConnectionException(p.method + " could not be written: " + RtspClient.safeMessage(f.cause()),
                        owner.url(), null));
            }
        });
    }

    /** A response from the server. */
    void onResponse(FullHttpResponse r) {
        if (r.decoderResult().isFailure()) {
            owner.fail(new RtspFramingException("unreadable RTSP response: " + RtspClient.safeMessage(r.decoderResult().cause()),
                    owner.url()));
            return;
        }
        answered = true;
        Pending p = pending;
        if (p == null) {
            LOG.debug("{}: response without a request in flight ignored (CSeq {})", owner.url(), r.headers().get(RtspHeaderNames.CSEQ));
            return;
        }
        String cseqHeader = r.headers().get(RtspHeaderNames.CSEQ);
        if (cseqHeader != null) {
            int got;
            try {
                got = Integer.parseInt(cseqHeader.strip());
            } catch (NumberFormatException e) {
                got = p.cseq; // Quirk: unreadable CSeq; one request is in flight, so this is its answer.
            }
            if (got != p.cseq) {
                LOG.debug("{}: response with CSeq {} while waiting for {} ignored", owner.url(), got, p.cseq);
                return;
            }
        }
        // Quirk: a response without CSeq (RFC 2326 §12.17 requires it) is taken as the answer to the one request in flight.
        p.timeout.cancel(false);
        pending = null;
        int status = r.status().code();
        if (status == 401) {
            onUnauthorized(p, r);
            return;
        }
        if (status >= 300 && status < 400 && status != 304 && sessionId == null) {
            owner.redirect(p.method, r);
            return;
        }
        p.onResponse.accept(r);
    }

    private void onUnauthorized(Pending p, FullHttpResponse r) {
        String url = owner.url();
        if (authenticator == null) {
            owner.fail(new RtspAuthenticationException(p.method, url, 401, "server requires authentication and no credentials are configured"));
            return;
        }
        boolean retried = p.authAttempts > 0;
        if (authenticator.onChallenges(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE)).isEmpty()) {
            owner.fail(new RtspAuthenticationException(p.method, url, 401, "no supported authentication scheme offered"));
            return;
        }
        // A second 401 for the same request means the credentials are wrong, unless the server only
        // says the nonce went stale (RFC 7616 §3.3); never retried more than 3 times.
        if (retried && !authenticator.stale() || p.authAttempts >= MAX_AUTH_ATTEMPTS) {
            owner.fail(new RtspAuthenticationException(p.method, url, 401, "credentials rejected"));
            return;
        }
        p.authAttempts++;
        write(p);
    }
}
