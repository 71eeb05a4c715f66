package org.wadi.connector.impulse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The {@code impulse} connector: a source of rows {@code (counter, subtask_index)} at a fixed rate,
 * for demos and tests, as Arroyo's. Options: {@code event_rate} (required, events per second for
 * the whole source, split evenly across its subtasks), {@code message_count} (rows per subtask;
 * bounded when set) and {@code event_time_interval} (nanoseconds between successive event times of
 * a subtask; wall-clock time when unset).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + ImpulseConnector.NAME)
public final class ImpulseConnector implements Connector {

    static final String NAME = "impulse";
    static final String EVENT_RATE = "event_rate";
    static final String MESSAGE_COUNT = "message_count";
    static final String EVENT_TIME_INTERVAL = "event_time_interval";

    /** The fixed columns, as Arroyo's {@code impulse_schema()}. */
    static final Schema SCHEMA = Schema.of(
            new Field("counter", DataType.UINT64, false),
            new Field("subtask_index", DataType.UINT64, false));

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Impulse", "", "Periodic demo source",
            true, false, false, false, false, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        String rateText = options.required(EVENT_RATE);
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            throw invalid(EVENT_RATE, rateText, "a number of events per second greater than 0");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw invalid(EVENT_RATE, rateText, "a number of events per second greater than 0");
        }
        Optional<Long> count = nonNegative(options, MESSAGE_COUNT, "a whole number of messages, 0 or more");
        Optional<Long> interval = nonNegative(options, EVENT_TIME_INTERVAL, "a whole number of nanoseconds, 0 or more");
        options.checkAllKnown();

        Schema declared = request.columns() == null ? Schema.of() : request.columns().visible();
        if (declared.size() > 0 && !sameColumns(declared)) {
            throw new ConnectorException("Invalid schema for impulse table '" + request.name() + "': its columns are "
                    + SCHEMA.fields() + "; declare exactly those or none, not " + declared.fields());
        }

        Map<String, String> normalized = new LinkedHashMap<>();
        normalized.put(EVENT_RATE, Double.toString(rate));
        count.ifPresent(c -> normalized.put(MESSAGE_COUNT, Long.toString(c)));
        interval.ifPresent(i -> normalized.put(EVENT_TIME_INTERVAL, Long.toString(i)));
        return new ConnectorTable(request.name(), NAME, normalized, SCHEMA, Set.of(TableRole.SOURCE), count.isPresent());
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        try {
            double rate = Double.parseDouble(table.option(EVENT_RATE));
            String count = table.option(MESSAGE_COUNT);
            String interval = table.option(EVENT_TIME_INTERVAL);
            return new ImpulseSource(rate, count == null ? Long.MAX_VALUE : Long.parseLong(count),
                    interval == null ? -1 : Long.parseLong(interval), ImpulseSource.Clock.SYSTEM);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConnectorException("impulse table '" + table.name() + "' has invalid options " + table.options()
                    + "; it was not resolved by this connector");
        }
    }

    private static boolean sameColumns(Schema declared) {
        if (declared.size() != SCHEMA.size()) {
            return false;
        }
        for (int i = 0; i < SCHEMA.size(); i++) {
            Field want = SCHEMA.field(i);
            Field got = declared.field(i);
            if (!want.name().equals(got.name()) || !want.type().equals(got.type())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Long> nonNegative(Options options, String key, String expected) throws ConnectorException {
        Optional<String> v = options.optional(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get().trim());
            if (n < 0) {
                throw invalid(key, v.get(), expected);
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw invalid(key, v.get(), expected);
        }
    }

    private static ConnectorException invalid(String key, String value, String expected) {
        return new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '" + NAME
                + "': expected " + expected);
    }

    private static String resource(String name) {
        try (InputStream in = ImpulseConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the impulse bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
