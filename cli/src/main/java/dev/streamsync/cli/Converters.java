package dev.streamsync.cli;

import dev.streamsync.api.SyncPolicy;
import dev.streamsync.api.Transport;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** Case-insensitive converters with messages that list the accepted values. */
final class Converters {
    private Converters() {
    }

    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> Transport.AUTO;
                case "tcp" -> Transport.TCP;
                case "udp" -> Transport.UDP;
                default -> throw new TypeConversionException("'" + value + "' is not a transport: use auto, tcp or udp");
            };
        }
    }

    static final class PolicyConverter implements ITypeConverter<SyncPolicy> {
        @Override
        public SyncPolicy convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "nearest" -> SyncPolicy.NEAREST;
                case "seed" -> SyncPolicy.SEED;
                default -> throw new TypeConversionException("'" + value + "' is not a policy: use nearest or seed");
            };
        }
    }
}
