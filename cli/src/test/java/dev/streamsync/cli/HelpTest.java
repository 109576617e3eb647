package dev.streamsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What a newcomer types first: {@code --help} on every subcommand, and {@code --version}. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "sync", "probe", "view", "sim"})
    void everySubcommandAnswersHelpWithItsUsageAndAnExample(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            CliRun r = CliRun.of(command, flag);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("Usage: streamsync " + command), r::toString);
            assertTrue(r.out().contains("Example"), r::toString);
            assertTrue(r.err().isEmpty(), r::toString);
        }
    }

    @Test
    void topLevelHelpListsEverySubcommandWithACompleteSentence() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String line : r.out().split("\n")) {
            String t = line.strip();
            if (t.startsWith("demo ") || t.startsWith("sync ") || t.startsWith("probe ") || t.startsWith("view ")
                    || t.startsWith("sim ")) {
                assertTrue(t.endsWith("."), () -> "subcommand summary cut mid-sentence: '" + line + "'");
            }
        }
    }

    @Test
    void versionIsThePomVersion() {
        String pomVersion = System.getProperty("streamsync.pomVersion");
        assertTrue(pomVersion != null && !pomVersion.isBlank(), "surefire passes streamsync.pomVersion");
        for (String args : new String[] {"--version", "demo --version"}) {
            CliRun r = CliRun.of(args.split(" "));
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("streamsync " + pomVersion, r.out().strip(), r::toString);
        }
    }
}
