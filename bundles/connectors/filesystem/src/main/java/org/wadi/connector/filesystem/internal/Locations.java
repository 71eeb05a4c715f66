package org.wadi.connector.filesystem.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorException;

/**
 * Where a filesystem table lives: a local path ({@code /data/in}, {@code file:///data/in}, confined
 * to the file roots) or an object store prefix ({@code s3://bucket/prefix}, reached through the
 * storage service and its S3 settings).
 */
final class Locations {

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");

    private Locations() {
    }

    /** Whether {@code path} names an object store rather than a local folder. */
    static boolean isObjectStore(String path) {
        Matcher m = SCHEME.matcher(path.trim());
        return m.find() && m.group(1).equalsIgnoreCase("s3");
    }

    /**
     * Checks the scheme of a path.
     *
     * @throws ConnectorException naming the scheme and the supported ones
     */
    static void check(String path) throws ConnectorException {
        Matcher m = SCHEME.matcher(path.trim());
        if (!m.find()) {
            return;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return;
        }
        if (scheme.equals("s3")) {
            String rest = path.trim().substring(m.end());
            if (rest.isEmpty() || rest.startsWith("/")) {
                throw SinkConfig.invalid(SinkConfig.PATH, path, "s3://bucket or s3://bucket/prefix");
            }
            return;
        }
        throw new ConnectorException("Path '" + path + "' of connector '" + SinkConfig.NAME + "' uses the '" + scheme
                + "' scheme, which is not supported: use a local path, file:///… or s3://bucket/prefix");
    }

    /** The message refusing per-table object store settings. */
    static ConnectorException storageOptionRefused(String key) {
        return new ConnectorException("Option '" + key + "' of connector '" + SinkConfig.NAME + "' is not supported: "
                + "s3:// paths use the storage service's S3 settings (endpoint, region, credentials under the "
                + "configuration PID org.wadi.storage, or the AWS default credentials); leave it out");
    }
}
