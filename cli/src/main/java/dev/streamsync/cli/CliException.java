package dev.streamsync.cli;

/**
 * A failure the user can act on: its message is printed as one line on stderr (no stack trace unless
 * {@code --verbose}) and the process exits with {@link #exitCode()}. Messages never contain credentials.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Exit code of a camera or runtime failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of bad command line input (as picocli uses for usage errors). */
    public static final int EXIT_USAGE = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, EXIT_FAILURE, null);
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
