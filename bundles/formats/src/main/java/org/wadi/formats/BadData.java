package org.wadi.formats;

import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/** What a source does with a record it cannot decode: Arroyo's {@code bad_data} option. */
public enum BadData {
    /** Fail the job (the default). */
    FAIL("fail"),
    /** Skip the record and go on. */
    DROP("drop");

    /** The {@code bad_data} option. */
    public static final String OPTION = "bad_data";

    private final String option;

    BadData(String option) {
        this.option = option;
    }

    /** The option value that selects it. */
    public String option() {
        return option;
    }

    /** Reads {@code bad_data}; {@link #FAIL} when absent. */
    public static BadData fromOptions(Options options) throws ConnectorException {
        Optional<String> v = options.optional(OPTION);
        return v.isEmpty() ? FAIL : parse(options.connector(), v.get());
    }

    /** Parses a value of {@code bad_data}. */
    public static BadData parse(String connector, String value) throws ConnectorException {
        for (BadData b : values()) {
            if (b.option.equals(value.trim())) {
                return b;
            }
        }
        throw new ConnectorException("Invalid value '" + value + "' for option '" + OPTION + "' of connector '"
                + connector + "': expected one of drop, fail");
    }
}
