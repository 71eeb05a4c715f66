package org.wadi.connector.sse.internal;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a {@code text/event-stream} as the HTML standard's event-stream interpretation says: lines
 * ending in CR, LF or CRLF; {@code event}, {@code data}, {@code id} and {@code retry} fields; lines
 * starting with a colon are comments; an empty line dispatches the event (none when it has no
 * data). The last event id persists from event to event, as in a browser's EventSource.
 */
final class SseParser {

    /** One dispatched event: its type ({@code message} by default), the last event id, its data. */
    record Event(String type, String id, String data) {
    }

    private final BufferedReader in;
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String lastId;
    private long retryMillis = -1;
    private boolean first = true;

    SseParser(BufferedReader in, String lastId) {
        this.in = in;
        this.lastId = lastId;
    }

    /** The last event id seen, to send as {@code Last-Event-ID} when reconnecting. */
    String lastId() {
        return lastId;
    }

    /** The reconnection time the server asked for ({@code retry:}), or -1. */
    long retryMillis() {
        return retryMillis;
    }

    /** The next event, or {@code null} at the end of the stream. */
    Event next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (first) {
                first = false;
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (data.length() == 0) {
                    type = "";
                    continue;
                }
                data.setLength(data.length() - 1);
                Event e = new Event(type.isEmpty() ? "message" : type, lastId, data.toString());
                data.setLength(0);
                type = "";
                return e;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 10) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> {
                    // other fields are ignored, as the standard says
                }
            }
        }
        return null;
    }
}
