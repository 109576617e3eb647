package dev.streamsync.rtsp;

import java.util.Objects;

/**
 * User name and password for RTSP authentication. {@link #toString()} never shows the password
 * (nor the user name, which is also sensitive for some deployments).
 */
public final class RtspCredentials {
    private final String username;
    private final String password;

    public RtspCredentials(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "RtspCredentials{***}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtspCredentials other && other.username.equals(username) && other.password.equals(password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }
}
