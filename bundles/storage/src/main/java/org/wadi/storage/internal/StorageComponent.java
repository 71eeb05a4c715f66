package org.wadi.storage.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.storage.ObjectKeys;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link StorageProvider}: parses and checks storage URLs, opens {@link FileObjectStore}s and
 * {@link S3ObjectStore}s. All S3 stores share one client, built at the first {@code s3:} URL (so
 * that installations on one machine never start the AWS SDK) and closed with this component.
 */
@Component(service = StorageProvider.class, immediate = true, configurationPid = "org.wadi.storage",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageConfig.class)
public final class StorageComponent implements StorageProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageComponent.class);
    private static final String USAGE = "use file:///path or s3://bucket/prefix";
    // S3's rules for bucket names, without the legacy upper-case and underscore forms
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final StorageSettings settings;
    private S3Client s3;
    private boolean closed;

    /** Activated by Declarative Services. */
    @Activate
    public StorageComponent(StorageConfig config) {
        this(StorageSettings.from(config, System::getenv, System.getProperty("karaf.data")));
    }

    /** A provider with these settings. */
    public StorageComponent(StorageSettings settings) {
        this.settings = settings;
        LOG.info("Storage ready: default URL {}, {}", settings.defaultUrl(), settings.s3());
    }

    @Override
    public String defaultUrl() {
        return settings.defaultUrl();
    }

    @Override
    public ObjectStore open(String url) throws IOException {
        StorageUrl parsed = parse(url);
        if (parsed.file() != null) {
            return new FileObjectStore(url, parsed.file());
        }
        S3Settings s = settings.s3();
        S3ObjectStore store = new S3ObjectStore(url, client(), false, parsed.bucket(), parsed.prefix(),
                s.multipartThreshold(), s.partSize());
        store.checkBucket(s.endpoint().isEmpty() ? "Amazon S3 (" + s.region() + ")" : s.endpoint());
        return store;
    }

    private synchronized S3Client client() {
        if (closed) {
            throw new IllegalStateException("the storage provider is stopped");
        }
        if (s3 == null) {
            s3 = S3Clients.create(settings.s3());
        }
        return s3;
    }

    /** Closes the shared S3 client; stores opened from it stop working. */
    @Deactivate
    @Override
    public synchronized void close() {
        closed = true;
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    /** A parsed storage URL: a folder, or a bucket and a key prefix (empty or ending in {@code /}). */
    record StorageUrl(Path file, String bucket, String prefix) {
    }

    /**
     * Parses and checks a storage URL.
     *
     * @throws IllegalArgumentException naming the URL and what is wrong with it
     */
    static StorageUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty storage URL: " + USAGE);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid storage URL '" + url + "': " + e.getMessage() + "; " + USAGE, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("invalid storage URL '" + url + "': no query or fragment allowed; " + USAGE);
        }
        return switch (scheme) {
            case "file" -> parseFile(url, uri);
            case "s3" -> parseS3(url, uri);
            default -> throw new IllegalArgumentException("unsupported storage URL '" + url + "': " + USAGE);
        };
    }

    private static StorageUrl parseFile(String url, URI uri) {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new IllegalArgumentException("invalid storage URL '" + url
                    + "': a file URL needs an absolute path, as in file:///var/lib/wadi/checkpoints");
        }
        String host = uri.getAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("invalid storage URL '" + url + "': '" + host
                    + "' is read as a host name; a file URL has three slashes, as in file:///" + host + uri.getPath());
        }
        if (uri.getPath().equals("/")) {
            throw new IllegalArgumentException("invalid storage URL '" + url + "': refusing the file system's root as a store; name a folder");
        }
        return new StorageUrl(Path.of(uri.getPath()).normalize(), null, null);
    }

    private static StorageUrl parseS3(String url, URI uri) {
        String bucket = uri.getHost();
        if (uri.getUserInfo() != null || uri.getPort() != -1) {
            throw new IllegalArgumentException("invalid storage URL '" + url
                    + "': an s3 URL names a bucket, not a server; set the server as storage.s3.endpoint");
        }
        if (bucket == null || bucket.isEmpty()) {
            String authority = uri.getAuthority();
            throw new IllegalArgumentException("invalid storage URL '" + url + "': "
                    + (authority == null || authority.isEmpty() ? "no bucket" : "invalid bucket name '" + authority + "'")
                    + "; use s3://bucket or s3://bucket/prefix");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("invalid storage URL '" + url + "': invalid bucket name '" + bucket
                    + "': 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.startsWith("/") ? path.substring(1) : path;
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!prefix.isEmpty()) {
            try {
                ObjectKeys.requireKey(prefix);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid storage URL '" + url + "': the key prefix '" + prefix
                        + "' " + e.getMessage().replaceFirst("^invalid object key '[^']*': ", ""), e);
            }
            prefix = prefix + "/";
        }
        return new StorageUrl(null, bucket, prefix);
    }
}
