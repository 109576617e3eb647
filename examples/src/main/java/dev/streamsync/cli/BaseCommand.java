package dev.streamsync.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean verbose() {
        return verbose;
    }
}
