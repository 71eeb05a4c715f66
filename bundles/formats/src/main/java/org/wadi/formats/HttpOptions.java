package org.wadi.formats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorException;

/**
 * The {@code endpoint} and {@code headers} options as Arroyo's HTTP connectors take them: an
 * absolute URL, and headers written {@code 'Name: value,Name2: value2'}. Both may name environment
 * variables as {@code {{ VAR }}}, replaced where the request is made, so that secrets (tokens in
 * headers or URLs) stay out of the pipeline's definition; a variable that is not set is an error.
 */
public final class HttpOptions {

    public static final String ENDPOINT = "endpoint";
    public static final String HEADERS = "headers";

    /** Headers the JDK's HTTP client sets itself and refuses to take from us. */
    public static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final Pattern VAR = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** One header to send. */
    public record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": …";
        }
    }

    private HttpOptions() {
    }

    /** Replaces every {@code {{ VAR }}} in {@code raw} with the variable's value from {@code env}. */
    public static String substitute(String connector, String key, String raw, Function<String, String> env)
            throws ConnectorException {
        Matcher m = VAR.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new ConnectorException("Environment variable '" + m.group(1) + "' named in option '" + key
                        + "' of connector '" + connector + "' is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The endpoint URL, its variables replaced.
     *
     * @param schemes the schemes allowed, e.g. {@code http}, {@code https}
     */
    public static URI endpoint(String connector, String raw, Function<String, String> env, String... schemes)
            throws ConnectorException {
        String text = substitute(connector, ENDPOINT, raw.trim(), env);
        String expected = "expected an absolute URL starting with " + String.join("://, ", schemes) + "://";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConnectorException("Invalid value '" + raw + "' for option '" + ENDPOINT + "' of connector '"
                    + connector + "': " + expected + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme) || uri.getHost() == null) {
            throw new ConnectorException("Invalid value '" + raw + "' for option '" + ENDPOINT + "' of connector '"
                    + connector + "': " + expected);
        }
        return uri;
    }

    /**
     * The headers of {@code 'Name: value,Name2: value2'}, their variables replaced; blank entries are
     * ignored, a value may contain colons but not commas.
     *
     * @param refused lower-case names that may not be set (the client sets them)
     */
    public static List<Header> headers(String connector, String raw, Function<String, String> env, Set<String> refused)
            throws ConnectorException {
        List<Header> headers = new ArrayList<>();
        if (raw == null) {
            return headers;
        }
        String expected = "expected comma-separated 'Name: value' pairs, e.g. 'Authorization: Bearer abc,"
                + "X-Team: data'";
        for (String entry : substitute(connector, HEADERS, raw, env).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
            if (colon < 0 || !TOKEN.matcher(name).matches()) {
                throw new ConnectorException("Invalid header '" + entry.trim() + "' in option '" + HEADERS
                        + "' of connector '" + connector + "': " + expected);
            }
            String value = entry.substring(colon + 1).trim();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new ConnectorException("Invalid value of header '" + name + "' in option '" + HEADERS
                        + "' of connector '" + connector + "': line breaks are not allowed");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (refused.contains(lower) || refused.stream().anyMatch(r -> r.endsWith("*")
                    && lower.startsWith(r.substring(0, r.length() - 1)))) {
                throw new ConnectorException("Header '" + name + "' in option '" + HEADERS + "' of connector '"
                        + connector + "' cannot be set: the client sets it itself");
            }
            headers.add(new Header(name, value));
        }
        return headers;
    }

    /** The process environment, where variables are looked up. */
    public static Function<String, String> environment() {
        Map<String, String> env = System.getenv();
        return env::get;
    }
}
