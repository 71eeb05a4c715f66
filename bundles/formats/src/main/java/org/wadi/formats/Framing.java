package org.wadi.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * Arroyo's {@code framing = 'newline'}: one message holds several records, one per line ({@code
 * \n}, an optional {@code \r} before it removed; empty lines skipped). {@code
 * framing.newline.max_length} bounds a line's length in bytes: a longer line is a bad record.
 *
 * @param maxLength the longest line accepted, in bytes, or 0 for no bound
 */
public record Framing(long maxLength) {

    /** The {@code framing} option. */
    public static final String OPTION = "framing";
    /** The {@code framing.newline.max_length} option (Arroyo's name). */
    public static final String MAX_LENGTH = "framing.newline.max_length";
    /** Accepted as a synonym of {@link #MAX_LENGTH}. */
    public static final String MAX_LINE_LENGTH = "framing.newline.max_line_length";
    /** The only framing method. */
    public static final String NEWLINE = "newline";

    /**
     * One line of a framed message.
     *
     * @param bytes the line's bytes, without its line break
     * @param number its 1-based line number
     * @param length its length in bytes
     */
    public record Line(byte[] bytes, long number, long length) {
    }

    /**
     * Reads {@code framing} and {@code framing.newline.max_length}.
     *
     * @return the framing, or empty when the table's messages are records themselves
     * @throws ConnectorException naming the bad value
     */
    public static Optional<Framing> fromOptions(Options options) throws ConnectorException {
        Optional<String> method = options.optional(OPTION);
        boolean synonym = options.optional(MAX_LINE_LENGTH).isPresent();
        if (synonym && options.optional(MAX_LENGTH).isPresent()) {
            throw new ConnectorException("Options '" + MAX_LENGTH + "' and '" + MAX_LINE_LENGTH + "' of connector '"
                    + options.connector() + "' are the same; give one");
        }
        String key = synonym ? MAX_LINE_LENGTH : MAX_LENGTH;
        long max = options.longValue(key, 0);
        if (method.isEmpty()) {
            if (options.optional(key).isPresent()) {
                throw new ConnectorException("Option '" + key + "' of connector '" + options.connector()
                        + "' needs " + OPTION + " = '" + NEWLINE + "'");
            }
            return Optional.empty();
        }
        if (!method.get().trim().equals(NEWLINE)) {
            throw new ConnectorException("Invalid value '" + method.get() + "' for option '" + OPTION
                    + "' of connector '" + options.connector() + "': expected " + NEWLINE);
        }
        if (max < 0) {
            throw new ConnectorException("Invalid value '" + max + "' for option '" + key + "' of connector '"
                    + options.connector() + "': expected a positive number of bytes");
        }
        return Optional.of(new Framing(max));
    }

    /**
     * Splits a message into its lines.
     *
     * @throws ConnectorException naming the line when it is longer than {@link #maxLength()}
     */
    public List<Line> split(byte[] message) throws ConnectorException {
        List<Line> out = lines(message);
        for (Line line : out) {
            if (line.bytes() == null) {
                throw tooLong(line);
            }
        }
        return out;
    }

    /** The lines of a message; a line longer than {@link #maxLength()} has no bytes, only its number. */
    List<Line> lines(byte[] message) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        long number = 0;
        while (start <= message.length) {
            int end = start;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            number++;
            int stop = end > start && message[end - 1] == '\r' ? end - 1 : end;
            if (stop > start) {
                if (maxLength > 0 && stop - start > maxLength) {
                    out.add(new Line(null, number, stop - start));
                } else {
                    byte[] line = new byte[stop - start];
                    System.arraycopy(message, start, line, 0, line.length);
                    out.add(new Line(line, number, line.length));
                }
            }
            start = end + 1;
        }
        return out;
    }

    ConnectorException tooLong(Line line) {
        return new ConnectorException("line " + line.number() + " is " + line.length() + " bytes long, more than "
                + MAX_LENGTH + " = " + maxLength);
    }

}
