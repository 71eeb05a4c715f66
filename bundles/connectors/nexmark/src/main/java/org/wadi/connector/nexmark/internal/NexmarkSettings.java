package org.wadi.connector.nexmark.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The resolved options of a nexmark table (see {@link NexmarkConnector} for what each means).
 *
 * @param eventRate wall-clock events per second across all subtasks; {@code NaN} when unset (only
 *     allowed without pacing)
 * @param pace whether the source keeps to {@code eventRate}
 * @param eventTimeRate events per second of event time
 * @param runtimeSeconds the {@code runtime} option as given, {@code NaN} when unset (kept for display)
 * @param events the total number of events across all subtasks, {@code Long.MAX_VALUE} for no end
 * @param baseTimeMs the event time of event 0 in milliseconds since the epoch, or {@code null} for
 *     the wall-clock time when each subtask first starts
 */
record NexmarkSettings(double eventRate, boolean pace, double eventTimeRate, double runtimeSeconds, long events,
        Long baseTimeMs) {

    static final String EVENT_RATE = "event_rate";
    static final String RUNTIME = "runtime";
    static final String EVENTS = "events";
    static final String PACE = "pace";
    static final String EVENT_TIME_RATE = "event_time_rate";
    static final String BASE_TIME = "base_time";

    /** The Flink Nexmark suite's event-time rate, the default without pacing. */
    static final double DEFAULT_UNPACED_EVENT_TIME_RATE = 10_000_000;
    /** 2023-11-14T22:13:20Z, the baseline's event time of event 0, the default without pacing. */
    static final long DEFAULT_UNPACED_BASE_TIME_MS = 1_700_000_000_000L;

    static final long MAX_BASE_TIME_MS = 8_993_721_600_000L;

    private static final String RATE_EXPECTED = "a number of events per second greater than 0";

    boolean bounded() {
        return events != Long.MAX_VALUE;
    }

    /** Validates the options a user wrote. */
    static NexmarkSettings parse(Options options) throws ConnectorException {
        boolean pace = options.booleanValue(PACE, true);
        Optional<String> rateText = options.optional(EVENT_RATE);
        double eventRate = Double.NaN;
        if (rateText.isPresent()) {
            eventRate = positive(EVENT_RATE, rateText.get(), RATE_EXPECTED);
        } else if (pace) {
            throw new ConnectorException("Missing required option '" + EVENT_RATE + "' for connector '"
                    + NexmarkConnector.NAME + "': set the events per second, or " + PACE
                    + " = 'false' to generate events as fast as possible");
        }
        Optional<String> timeRateText = options.optional(EVENT_TIME_RATE);
        double eventTimeRate = timeRateText.isPresent() ? positive(EVENT_TIME_RATE, timeRateText.get(), RATE_EXPECTED)
                : rateText.isPresent() ? eventRate : DEFAULT_UNPACED_EVENT_TIME_RATE;

        Optional<String> runtimeText = options.optional(RUNTIME);
        Optional<String> eventsText = options.optional(EVENTS);
        double runtime = Double.NaN;
        long events = Long.MAX_VALUE;
        if (runtimeText.isPresent() && eventsText.isPresent()) {
            throw new ConnectorException("Options '" + RUNTIME + "' and '" + EVENTS + "' of connector '"
                    + NexmarkConnector.NAME + "' both end the stream: set one of them, not both");
        }
        if (runtimeText.isPresent()) {
            runtime = positive(RUNTIME, runtimeText.get(), "a number of seconds greater than 0");
            // paced, runtime is wall-clock time (as Arroyo: event_rate * runtime events); unpaced, event time
            double count = Math.floor((pace ? eventRate : eventTimeRate) * runtime);
            events = count >= Long.MAX_VALUE ? Long.MAX_VALUE - 1 : (long) count;
        } else if (eventsText.isPresent()) {
            events = parseEvents(eventsText.get());
        }

        Optional<String> baseText = options.optional(BASE_TIME);
        Long baseTimeMs = null;
        if (baseText.isPresent()) {
            baseTimeMs = parseBaseTime(baseText.get());
        } else if (!pace) {
            baseTimeMs = DEFAULT_UNPACED_BASE_TIME_MS;
        }
        options.checkAllKnown();
        return new NexmarkSettings(eventRate, pace, eventTimeRate, runtime, events, baseTimeMs);
    }

    /** The options the plan carries: everything resolved, defaults filled in. */
    Map<String, String> toOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Double.isNaN(eventRate)) {
            out.put(EVENT_RATE, Double.toString(eventRate));
        }
        out.put(PACE, Boolean.toString(pace));
        out.put(EVENT_TIME_RATE, Double.toString(eventTimeRate));
        if (!Double.isNaN(runtimeSeconds)) {
            out.put(RUNTIME, Double.toString(runtimeSeconds));
        }
        if (bounded()) {
            out.put(EVENTS, Long.toString(events));
        }
        if (baseTimeMs != null) {
            out.put(BASE_TIME, Long.toString(baseTimeMs));
        }
        return out;
    }

    /** Reads what {@link #toOptions} wrote. */
    static NexmarkSettings fromOptions(Map<String, String> o) {
        String rate = o.get(EVENT_RATE);
        String runtime = o.get(RUNTIME);
        String events = o.get(EVENTS);
        String base = o.get(BASE_TIME);
        return new NexmarkSettings(rate == null ? Double.NaN : Double.parseDouble(rate),
                Boolean.parseBoolean(o.get(PACE)), Double.parseDouble(o.get(EVENT_TIME_RATE)),
                runtime == null ? Double.NaN : Double.parseDouble(runtime),
                events == null ? Long.MAX_VALUE : Long.parseLong(events), base == null ? null : Long.parseLong(base));
    }

    private static double positive(String key, String text, String expected) throws ConnectorException {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, text, expected);
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw invalid(key, text, expected);
        }
        return v;
    }

    private static long parseEvents(String text) throws ConnectorException {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 0 && n < Long.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(EVENTS, text, "a whole number of events, 0 or more");
    }

    private static long parseBaseTime(String text) throws ConnectorException {
        String t = text.trim();
        long ms;
        try {
            ms = Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                ms = Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                ms = -1;
            }
        }
        // event times are nanoseconds in a long: keep well inside its range (to the year 2255)
        if (ms < 0 || ms > MAX_BASE_TIME_MS) {
            throw invalid(BASE_TIME, text, "an instant from 1970-01-01T00:00:00Z to 2255-01-01T00:00:00Z such as"
                    + " 2023-11-14T22:13:20Z, or a whole number of milliseconds since the epoch");
        }
        return ms;
    }

    private static ConnectorException invalid(String key, String value, String expected) {
        return new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '"
                + NexmarkConnector.NAME + "': expected " + expected);
    }
}
