package org.wadi.connector.nats.internal;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ReplayPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code consumer.*} options of a JetStream source, named as Arroyo names them, for the pull
 * consumer each subtask creates. Arroyo's defaults apply to {@code ack_policy} ({@code Explicit}),
 * {@code replay_policy} ({@code Instant}), {@code ack_wait} (30 s), {@code inactive_threshold}
 * (600 s) and {@code num_replicas} (1); the limits ({@code max_*}, {@code sample_frequency}) are
 * passed to the server only when given, so that the server's defaults apply otherwise. Durations
 * are whole seconds, as in Arroyo.
 *
 * @param values the given or defaulted values by option name (without the {@code consumer.} prefix),
 *     normalised
 * @param given the options the user wrote, in the order read
 */
record ConsumerSettings(Map<String, String> values, List<String> given) {

    static final String PREFIX = "consumer.";
    static final String DESCRIPTION = "description";
    static final String ACK_POLICY = "ack_policy";
    static final String REPLAY_POLICY = "replay_policy";
    static final String ACK_WAIT = "ack_wait";
    static final String FILTER_SUBJECTS = "filter_subjects";
    static final String SAMPLE_FREQUENCY = "sample_frequency";
    static final String NUM_REPLICAS = "num_replicas";
    static final String INACTIVE_THRESHOLD = "inactive_threshold";
    static final String RATE_LIMIT = "rate_limit";
    static final String MAX_ACK_PENDING = "max_ack_pending";
    static final String MAX_DELIVER = "max_deliver";
    static final String MAX_WAITING = "max_waiting";
    static final String MAX_BATCH = "max_batch";
    static final String MAX_BYTES = "max_bytes";
    static final String MAX_EXPIRES = "max_expires";

    /** The whole-number limits whose {@code -1} (Arroyo's default) means none. */
    private static final List<String> LIMITS = List.of(MAX_ACK_PENDING, MAX_DELIVER, MAX_WAITING, MAX_BATCH, MAX_BYTES);

    /** Whether any {@code consumer.*} option was written. */
    boolean anyGiven() {
        return !given.isEmpty();
    }

    /** The first {@code consumer.*} option written, with its prefix. */
    String firstGiven() {
        return PREFIX + given.get(0);
    }

    /** The acknowledgement policy. */
    AckPolicy ackPolicy() {
        return switch (values.get(ACK_POLICY)) {
            case "None" -> AckPolicy.None;
            case "All" -> AckPolicy.All;
            default -> AckPolicy.Explicit;
        };
    }

    /** A given limit, or -1. */
    long limit(String key) {
        String v = values.get(key);
        return v == null ? -1 : Long.parseLong(v);
    }

    /** Reads the {@code consumer.*} options, marking them known, with Arroyo's defaults. */
    static ConsumerSettings read(Options options) throws ConnectorException {
        String connector = options.connector();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        for (String k : options.asMap().keySet()) {
            if (k.startsWith(PREFIX)) {
                given.add(k.substring(PREFIX.length()));
            }
        }
        options.optional(PREFIX + DESCRIPTION).ifPresent(d -> values.put(DESCRIPTION, d));
        values.put(ACK_POLICY, options.choice(PREFIX + ACK_POLICY, "Explicit", "Explicit", "None", "All"));
        values.put(REPLAY_POLICY, options.choice(PREFIX + REPLAY_POLICY, "Instant", "Instant", "Original"));
        values.put(ACK_WAIT, Long.toString(NatsConfig.seconds(options, PREFIX + ACK_WAIT).orElse(30L)));
        Optional<String> filters = options.optional(PREFIX + FILTER_SUBJECTS);
        if (filters.isPresent()) {
            List<String> subjects = new ArrayList<>();
            for (String s : filters.get().split(",")) {
                if (!s.isBlank()) {
                    subjects.add(s.trim());
                }
            }
            if (!subjects.isEmpty()) {
                values.put(FILTER_SUBJECTS, String.join(",", subjects));
            }
        }
        Optional<String> sample = options.optional(PREFIX + SAMPLE_FREQUENCY);
        if (sample.isPresent()) {
            String s = sample.get().trim();
            s = s.endsWith("%") ? s.substring(0, s.length() - 1).trim() : s;
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 100) {
                throw new ConnectorException("Invalid value '" + sample.get() + "' for option '" + PREFIX
                        + SAMPLE_FREQUENCY + "' of connector '" + connector + "': expected a percentage from 0 to 100");
            }
            values.put(SAMPLE_FREQUENCY, Integer.toString(n));
        }
        long replicas = options.longValue(PREFIX + NUM_REPLICAS, 1);
        if (replicas < 0 || replicas > 5) {
            throw new ConnectorException("Invalid value '" + replicas + "' for option '" + PREFIX + NUM_REPLICAS
                    + "' of connector '" + connector + "': expected 0 (the stream's) to 5");
        }
        values.put(NUM_REPLICAS, Long.toString(replicas));
        values.put(INACTIVE_THRESHOLD,
                Long.toString(NatsConfig.seconds(options, PREFIX + INACTIVE_THRESHOLD).orElse(600L)));
        long rate = options.longValue(PREFIX + RATE_LIMIT, -1);
        if (rate > 0) {
            throw new ConnectorException("Invalid value '" + rate + "' for option '" + PREFIX + RATE_LIMIT
                    + "' of connector '" + connector + "': the source reads through a pull consumer, which NATS"
                    + " does not rate-limit; leave it out (or -1)");
        }
        for (String k : LIMITS) {
            long v = options.longValue(PREFIX + k, -1);
            if (v == 0 || v < -1) {
                throw new ConnectorException("Invalid value '" + v + "' for option '" + PREFIX + k + "' of connector '"
                        + connector + "': expected a positive whole number (or -1 for the server's default)");
            }
            if (v > 0) {
                values.put(k, Long.toString(v));
            }
        }
        Optional<Long> expires = NatsConfig.seconds(options, PREFIX + MAX_EXPIRES);
        if (expires.isPresent() && expires.get() > 0) {
            values.put(MAX_EXPIRES, Long.toString(expires.get()));
        }
        return new ConsumerSettings(Map.copyOf(values), List.copyOf(given));
    }

    /** Writes the settings, with their prefix, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        values.forEach((k, v) -> options.put(PREFIX + k, v));
    }

    /** The configuration of the pull consumer named {@code name} that starts at {@code startSequence} (1: all). */
    ConsumerConfiguration configuration(String name, long startSequence) {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .name(name)
                .ackPolicy(ackPolicy())
                .replayPolicy(values.get(REPLAY_POLICY).equals("Original") ? ReplayPolicy.Original : ReplayPolicy.Instant)
                .ackWait(Duration.ofSeconds(Long.parseLong(values.get(ACK_WAIT))))
                .inactiveThreshold(Duration.ofSeconds(Long.parseLong(values.get(INACTIVE_THRESHOLD))))
                .numReplicas(Integer.parseInt(values.get(NUM_REPLICAS)));
        if (startSequence <= 1) {
            b.deliverPolicy(io.nats.client.api.DeliverPolicy.All);
        } else {
            b.deliverPolicy(io.nats.client.api.DeliverPolicy.ByStartSequence).startSequence(startSequence);
        }
        if (values.containsKey(DESCRIPTION)) {
            b.description(values.get(DESCRIPTION));
        }
        if (values.containsKey(FILTER_SUBJECTS)) {
            b.filterSubjects(List.of(values.get(FILTER_SUBJECTS).split(",")));
        }
        if (values.containsKey(SAMPLE_FREQUENCY)) {
            b.sampleFrequency(values.get(SAMPLE_FREQUENCY));
        }
        if (limit(MAX_ACK_PENDING) > 0) {
            b.maxAckPending(limit(MAX_ACK_PENDING));
        }
        if (limit(MAX_DELIVER) > 0) {
            b.maxDeliver(limit(MAX_DELIVER));
        }
        if (limit(MAX_WAITING) > 0) {
            b.maxPullWaiting(limit(MAX_WAITING));
        }
        if (limit(MAX_BATCH) > 0) {
            b.maxBatch(limit(MAX_BATCH));
        }
        if (limit(MAX_BYTES) > 0) {
            b.maxBytes(limit(MAX_BYTES));
        }
        if (values.containsKey(MAX_EXPIRES)) {
            b.maxExpires(Duration.ofSeconds(Long.parseLong(values.get(MAX_EXPIRES))));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "consumer settings " + values;
    }
}
