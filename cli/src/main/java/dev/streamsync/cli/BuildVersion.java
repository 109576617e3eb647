package dev.streamsync.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code --version}: the version Maven built this jar as, read from {@code streamsync-version.properties},
 * which the build fills in from the pom ({@code ${project.version}}), so the two cannot disagree.
 */
final class BuildVersion implements IVersionProvider {
    static final String RESOURCE = "/dev/streamsync/cli/streamsync-version.properties";

    /** The pom's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path (not built by Maven?)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"streamsync " + version()};
    }
}
