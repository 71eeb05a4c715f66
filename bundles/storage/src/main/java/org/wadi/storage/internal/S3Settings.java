package org.wadi.storage.internal;

import java.net.URI;
import java.util.Locale;

/**
 * The S3 client's settings as plain values.
 *
 * @param endpoint URL of an S3-compatible store, or empty for Amazon S3
 * @param region the bucket's (signing) region
 * @param pathStyle whether the bucket goes into the path rather than the host name
 * @param accessKey access key id, or empty for the SDK's default credentials chain
 * @param secretKey secret key, empty exactly when {@code accessKey} is
 * @param checksumsWhenRequired whether integrity checksums are computed only where S3 requires them
 * @param multipartThreshold bytes above which uploads go in parts
 * @param partSize bytes of each part
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey,
                         boolean checksumsWhenRequired, long multipartThreshold, long partSize) {

    static final long MIB = 1L << 20;

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.trim();
        region = region == null ? "" : region.trim();
        accessKey = accessKey == null ? "" : accessKey.trim();
        secretKey = secretKey == null ? "" : secretKey;
        if (!endpoint.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid storage.s3.endpoint '" + endpoint + "': " + e.getMessage(), e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid storage.s3.endpoint '" + endpoint
                        + "': expected http://host:port or https://host:port, or empty for Amazon S3");
            }
        }
        if (region.isEmpty()) {
            throw new IllegalArgumentException("empty storage.s3.region: name the bucket's region, e.g. us-east-1");
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalArgumentException(accessKey.isEmpty()
                    ? "storage.s3.secret.key is set but storage.s3.access.key is empty: set both, or neither for the default credentials chain"
                    : "storage.s3.access.key is set but storage.s3.secret.key is empty: set both, or neither for the default credentials chain");
        }
        if (partSize < 5 * MIB || partSize > 5120 * MIB) {
            throw new IllegalArgumentException("invalid storage.s3.part.size.mib " + partSize / MIB
                    + ": S3 parts are 5 to 5120 MiB");
        }
        if (multipartThreshold < partSize) {
            throw new IllegalArgumentException("invalid storage.s3.multipart.threshold.mib " + multipartThreshold / MIB
                    + ": must be at least storage.s3.part.size.mib (" + partSize / MIB + ")");
        }
        if (multipartThreshold > 5120 * MIB) {
            throw new IllegalArgumentException("invalid storage.s3.multipart.threshold.mib " + multipartThreshold / MIB
                    + ": a single upload holds at most 5120 MiB");
        }
    }

    /** Settings for an S3-compatible store at {@code endpoint} with these credentials, defaults elsewhere. */
    public static S3Settings compatible(String endpoint, String accessKey, String secretKey) {
        return new S3Settings(endpoint, "us-east-1", true, accessKey, secretKey, true, 16 * MIB, 8 * MIB);
    }

    /** Whether the SDK's default credentials chain supplies the credentials. */
    public boolean defaultCredentials() {
        return accessKey.isEmpty();
    }

    /** These settings with other multipart sizes. */
    public S3Settings withMultipart(long threshold, long part) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, checksumsWhenRequired, threshold, part);
    }

    @Override
    public String toString() {
        // never print the secret
        return "S3Settings[endpoint=" + (endpoint.isEmpty() ? "(Amazon S3)" : endpoint) + ", region=" + region
                + ", pathStyle=" + pathStyle + ", credentials=" + (defaultCredentials() ? "default chain" : "access key " + accessKey)
                + ", checksums=" + (checksumsWhenRequired ? "when_required" : "when_supported")
                + ", multipartThreshold=" + multipartThreshold / MIB + " MiB, partSize=" + partSize / MIB + " MiB]";
    }
}
