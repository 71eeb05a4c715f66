package org.wadi.connector.nexmark.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The {@code nexmark} connector: Nexmark's simulated auction site, a stream of people, auctions
 * and bids, as Arroyo's. Each row has three nullable STRUCT columns {@code person}, {@code auction}
 * and {@code bid}, exactly one of them set; {@code _timestamp} is the event's time.
 *
 * <p>Options:
 * <ul>
 * <li>{@code event_rate} — events per second across all subtasks, in wall-clock time; required
 * unless {@code pace} is false.</li>
 * <li>{@code runtime} — seconds after which the source finishes (as Arroyo: it then emits
 * {@code event_rate × runtime} events in all; without pacing, seconds of event time:
 * {@code event_time_rate × runtime} events).</li>
 * <li>{@code events} — the number of events after which the source finishes, across all subtasks
 * (the name the benchmark baseline uses); not with {@code runtime}.</li>
 * <li>{@code pace} — {@code false} generates as fast as possible, for benchmarks; default
 * {@code true}.</li>
 * <li>{@code event_time_rate} — events per second of event time; default {@code event_rate} (so
 * paced event times follow the wall clock), or 10,000,000 without {@code event_rate} (the Flink
 * Nexmark suite's rate).</li>
 * <li>{@code base_time} — the event time of event 0, an instant ({@code 2023-11-14T22:13:20Z}) or
 * milliseconds since the epoch; default: paced, the wall-clock time when each subtask first
 * starts (as Arroyo); unpaced, 2023-11-14T22:13:20Z, so that benchmark runs are reproducible.</li>
 * </ul>
 *
 * <p>Events are numbered globally and every event is a function of its number (see {@link
 * NexmarkGenerator}), so the stream is the same at every parallelism. The numbers fall into a fixed
 * set of splits that the subtasks share out (see {@link NexmarkSource}; where the parallelism
 * {@code p} divides their number, subtask {@code i} makes events {@code i, i+p, i+2p, …}), and the
 * checkpointed position is per split: a job restores at any parallelism.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + NexmarkConnector.NAME)
public final class NexmarkConnector implements Connector {

    static final String NAME = "nexmark";

    private static final DataType TS = DataType.TIMESTAMP;

    /** Person fields, names, order and types as Arroyo's. */
    static final List<Field> PERSON = List.of(
            new Field("id", DataType.INT64, false),
            new Field("name", DataType.UTF8, false),
            new Field("email_address", DataType.UTF8, false),
            new Field("credit_card", DataType.UTF8, false),
            new Field("city", DataType.UTF8, false),
            new Field("state", DataType.UTF8, false),
            new Field("datetime", TS, false),
            new Field("extra", DataType.UTF8, false));

    /** Auction fields; Arroyo puts {@code description} before {@code item_name}. */
    static final List<Field> AUCTION = List.of(
            new Field("id", DataType.INT64, false),
            new Field("description", DataType.UTF8, false),
            new Field("item_name", DataType.UTF8, false),
            new Field("initial_bid", DataType.INT64, false),
            new Field("reserve", DataType.INT64, false),
            new Field("datetime", TS, false),
            new Field("expires", TS, false),
            new Field("seller", DataType.INT64, false),
            new Field("category", DataType.INT64, false),
            new Field("extra", DataType.UTF8, false));

    static final List<Field> BID = List.of(
            new Field("auction", DataType.INT64, false),
            new Field("bidder", DataType.INT64, false),
            new Field("price", DataType.INT64, false),
            new Field("channel", DataType.UTF8, false),
            new Field("url", DataType.UTF8, false),
            new Field("datetime", TS, false),
            new Field("extra", DataType.UTF8, false));

    static final Schema SCHEMA = Schema.of(
            new Field("person", DataType.struct(PERSON), true),
            new Field("auction", DataType.struct(AUCTION), true),
            new Field("bid", DataType.struct(BID), true));

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Nexmark", "",
            "Demo source for a simulated auction website", true, false, false, false, false, false, null,
            resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        NexmarkSettings settings = NexmarkSettings.parse(request.options());
        Schema declared = request.columns() == null ? Schema.of() : request.columns().visible();
        if (declared.size() > 0 && !sameShape(declared.fields(), SCHEMA.fields())) {
            throw new ConnectorException("Invalid schema for nexmark table '" + request.name() + "': its columns are "
                    + SCHEMA.fields() + "; declare exactly those or none, not " + declared.fields());
        }
        return new ConnectorTable(request.name(), NAME, settings.toOptions(), SCHEMA, Set.of(TableRole.SOURCE),
                settings.bounded());
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        NexmarkSettings settings;
        try {
            settings = NexmarkSettings.fromOptions(table.options());
        } catch (RuntimeException e) {
            throw new ConnectorException("nexmark table '" + table.name() + "' has invalid options " + table.options()
                    + "; it was not resolved by this connector");
        }
        return new NexmarkSource(settings, NexmarkSource.Clock.SYSTEM);
    }

    /** Same names and kinds of types, field by field; nullability and timestamp precision may differ. */
    private static boolean sameShape(List<Field> declared, List<Field> ours) {
        if (declared.size() != ours.size()) {
            return false;
        }
        for (int i = 0; i < ours.size(); i++) {
            DataType got = declared.get(i).type();
            DataType want = ours.get(i).type();
            if (!declared.get(i).name().equals(ours.get(i).name()) || got.id() != want.id()
                    || !sameShape(got.fields(), want.fields())) {
                return false;
            }
        }
        return true;
    }

    private static String resource(String name) {
        try (InputStream in = NexmarkConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the nexmark bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
