package dev.streamsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layers of DESIGN.md, lowest first: a package imports only its own layer and those below. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.streamsync");

    @Test
    void packagesImportOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("clock").definedBy("dev.streamsync.clock..")
                .layer("rtpWire").definedBy("dev.streamsync.rtp.wire..")
                .layer("rtcp").definedBy("dev.streamsync.rtcp..")
                .layer("rtp").definedBy("dev.streamsync.rtp", "dev.streamsync.rtp.h264..", "dev.streamsync.rtp.h265..",
                        "dev.streamsync.rtp.receive..")
                .layer("failure").definedBy("dev.streamsync.failure..")
                .layer("sdpRtsp").definedBy("dev.streamsync.sdp..", "dev.streamsync.rtsp..")
                .layer("picture").definedBy("dev.streamsync.picture..")
                .layer("decode").definedBy("dev.streamsync.decode..")
                .layer("spi").definedBy("dev.streamsync.spi..")
                .layer("source").definedBy("dev.streamsync.source..")
                .layer("sync").definedBy("dev.streamsync.sync..")
                .layer("api").definedBy("dev.streamsync.api..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("sync").mayOnlyBeAccessedByLayers("api")
                .whereLayer("source").mayOnlyBeAccessedByLayers("api")
                .whereLayer("spi").mayOnlyBeAccessedByLayers("source", "sync", "api")
                .whereLayer("decode").mayOnlyBeAccessedByLayers("spi", "source", "sync", "api")
                .whereLayer("picture").mayOnlyBeAccessedByLayers("decode", "spi", "source", "sync", "api")
                .whereLayer("sdpRtsp").mayOnlyBeAccessedByLayers("decode", "spi", "source", "sync", "api")
                .whereLayer("failure").mayOnlyBeAccessedByLayers("sdpRtsp", "decode", "spi", "source", "sync", "api")
                .whereLayer("rtp").mayOnlyBeAccessedByLayers("picture", "sdpRtsp", "decode", "spi", "source", "sync", "api")
                .whereLayer("rtcp").mayOnlyBeAccessedByLayers("rtp", "sdpRtsp", "decode", "spi", "source", "sync", "api")
                .whereLayer("rtpWire").mayOnlyBeAccessedByLayers("rtcp", "rtp", "sdpRtsp", "decode", "spi", "source", "sync", "api")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.streamsync.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
