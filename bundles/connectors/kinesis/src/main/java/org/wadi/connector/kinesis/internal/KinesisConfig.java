package org.wadi.connector.kinesis.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code kinesis} table, named as Arroyo names them ({@code stream_name},
 * {@code aws_region}, {@code type}, {@code source.offset}, {@code sink.records_per_batch},
 * {@code sink.batch_max_buffer_size}, {@code sink.batch_flush_interval_millis}), plus our
 * {@code aws_endpoint} for Kinesis-compatible servers. Credentials come from the AWS SDK's default
 * chain (environment, system properties, profile, container or instance role), never from options.
 *
 * @param stream the stream's name
 * @param region the AWS region, or {@code null} for the SDK's default
 * @param endpoint an endpoint replacing AWS's, or {@code null}
 * @param source whether the table is read rather than written
 * @param offset where a source starts without state: {@code latest} or {@code earliest}
 * @param recordsPerBatch the most records one PutRecords call carries (up to 500)
 * @param maxBufferBytes the most bytes one PutRecords call carries (up to 4000000)
 * @param flushIntervalMillis the longest a record waits in the sink's buffer
 */
record KinesisConfig(String stream, String region, URI endpoint, boolean source, String offset, int recordsPerBatch,
        int maxBufferBytes, long flushIntervalMillis) {

    static final String STREAM_NAME = "stream_name";
    static final String AWS_REGION = "aws_region";
    static final String AWS_ENDPOINT = "aws_endpoint";
    static final String TYPE = "type";
    static final String OFFSET = "source.offset";
    static final String RECORDS_PER_BATCH = "sink.records_per_batch";
    static final String MAX_BUFFER_SIZE = "sink.batch_max_buffer_size";
    static final String FLUSH_INTERVAL = "sink.batch_flush_interval_millis";

    /** Reads and checks the options of a table definition, marking them known. */
    static KinesisConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        String stream = options.required(STREAM_NAME).trim();
        String region = options.optional(AWS_REGION).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        URI endpoint = null;
        Optional<String> e = options.optional(AWS_ENDPOINT).map(String::trim).filter(s -> !s.isEmpty());
        if (e.isPresent()) {
            try {
                endpoint = new URI(e.get());
            } catch (URISyntaxException x) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new ConnectorException("Invalid value '" + e.get() + "' for option '" + AWS_ENDPOINT
                        + "' of connector '" + connector + "': expected an http:// or https:// address");
            }
        }
        String type = options.choice(TYPE, null, "source", "sink");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'source' or 'sink'");
        }
        boolean source = type.equals("source");
        Optional<String> offsetGiven = options.optional(OFFSET);
        String offset = options.choice(OFFSET, "latest", "latest", "earliest");
        Optional<String> sinkGiven = options.asMap().keySet().stream().filter(k -> k.startsWith("sink.")).findFirst();
        long records = options.longValue(RECORDS_PER_BATCH, 500);
        long bytes = options.longValue(MAX_BUFFER_SIZE, 4_000_000);
        long interval = options.longValue(FLUSH_INTERVAL, 1_000);
        if (source && sinkGiven.isPresent()) {
            throw new ConnectorException("Option '" + sinkGiven.get() + "' of connector '" + connector
                    + "' is for sinks (type = 'sink')");
        }
        if (!source && offsetGiven.isPresent()) {
            throw new ConnectorException("Option '" + OFFSET + "' of connector '" + connector
                    + "' is for sources (type = 'source')");
        }
        check(connector, RECORDS_PER_BATCH, records, 1, 500, "records");
        check(connector, MAX_BUFFER_SIZE, bytes, 1, 4_000_000, "bytes");
        check(connector, FLUSH_INTERVAL, interval, 0, 3_600_000, "milliseconds");
        return new KinesisConfig(stream, region, endpoint, source, offset, (int) records, (int) bytes, interval);
    }

    private static void check(String connector, String key, long value, long min, long max, String unit)
            throws ConnectorException {
        if (value < min || value > max) {
            throw new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '"
                    + connector + "': expected " + min + " to " + max + " " + unit);
        }
    }

    /** Writes the options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(STREAM_NAME, stream);
        if (region != null) {
            options.put(AWS_REGION, region);
        }
        if (endpoint != null) {
            options.put(AWS_ENDPOINT, endpoint.toString());
        }
        options.put(TYPE, source ? "source" : "sink");
        if (source) {
            options.put(OFFSET, offset);
        } else {
            options.put(RECORDS_PER_BATCH, Integer.toString(recordsPerBatch));
            options.put(MAX_BUFFER_SIZE, Integer.toString(maxBufferBytes));
            options.put(FLUSH_INTERVAL, Long.toString(flushIntervalMillis));
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static KinesisConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.equals("bad_data"));
        return read(new Options("kinesis", copy));
    }

    /** Where the stream lives, for messages. */
    String where() {
        return "stream '" + stream + "'" + (endpoint != null ? " at " + endpoint : region != null ? " in " + region : "");
    }
}
