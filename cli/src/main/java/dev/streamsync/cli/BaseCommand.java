package dev.streamsync.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Common part of every subcommand: {@code --verbose} and the output streams. Commands write through
 * {@link #out()} and {@link #err()} (the {@link picocli.CommandLine}'s writers) so that tests can
 * capture them in-process.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Show stack traces and library log messages.")
    boolean verbose;

    // Declared here, not through mixinStandardHelpOptions on each @Command, so that every subcommand
    // answers --help before picocli checks its required parameters ("sync --help" needs no URL).
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean verbose() {
        return verbose;
    }

    /**
     * A command's {@code --seconds} as a duration; null when not given. Zero, negative and NaN are a
     * usage error: they would stop the command at once.
     */
    static Duration runTime(Double seconds) {
        if (seconds == null) {
            return null;
        }
        if (!(seconds > 0)) {
            throw new CliException("--seconds must be positive, was " + seconds, CliException.EXIT_USAGE, null);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
