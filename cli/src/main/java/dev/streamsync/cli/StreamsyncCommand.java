package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCameraMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code streamsync} command line: {@code demo}, {@code sync}, {@code probe}, {@code view} and
 * {@code sim}. Run {@code java -jar streamsync.jar --help}.
 *
 * <p>Exit codes: 0 success, 1 a camera or runtime failure (one line on stderr), 2 a usage error.
 */
@Command(name = "streamsync", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Synchronize RTSP cameras by the UTC capture time of every frame.",
        subcommands = {DemoCommand.class, SyncCommand.class, ProbeCommand.class, ViewCommand.class, SimulatedCameraMain.class,
                CommandLine.HelpCommand.class})
public final class StreamsyncCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A configured command line writing to {@code out} and {@code err}: errors are printed as one line
     * (with the stack trace under {@code --verbose}), see {@link ErrorMessages}.
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new StreamsyncCommand());
        // Every subcommand has --version (BaseCommand); it prints the build's version, as the top level does.
        BuildVersion version = new BuildVersion();
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = commandLine.getCommand() instanceof BaseCommand b && b.verbose()
                    || commandLine.getCommand() instanceof SimulatedCameraMain sim && sim.verbose();
            PrintWriter e = commandLine.getErr();
            e.println("streamsync: " + ErrorMessages.describe(ex));
            if (verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ex instanceof CliException c ? c.exitCode() : CliException.EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("streamsync: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return CliException.EXIT_USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        boolean verbose = false;
        for (String a : args) {
            verbose |= a.equals("--verbose");
        }
        // Library warnings (a session failing, a camera retrying) would repeat what the command
        // reports in one line; show them only on request. Must be set before the first logger.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = newCommandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
