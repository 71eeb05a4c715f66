package org.wadi.storage.internal;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients from {@link S3Settings}. */
public final class S3Clients {

    private S3Clients() {
    }

    /** A new client; the caller closes it. */
    public static S3Client create(S3Settings s) {
        return SdkClassLoading.call(() -> {
            S3ClientBuilder b = S3Client.builder()
                    // Always explicit: the SDK's own lookup of an HTTP client is a ServiceLoader
                    // scan that finds nothing useful inside OSGi.
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(60))
                            .build())
                    // Always explicit: otherwise the SDK searches the environment, profiles and the
                    // EC2 metadata service for a region.
                    .region(Region.of(s.region()))
                    .forcePathStyle(s.pathStyle())
                    .credentialsProvider(credentials(s));
            if (s.checksumsWhenRequired()) {
                // S3-compatible stores (s3proxy, older MinIO, Ceph) answer the SDK's default
                // checksum headers and trailers with HTTP 501. (DeleteObjects, where S3 requires
                // a checksum, may still be refused: S3ObjectStore then deletes key by key.)
                b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            } else {
                b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
            }
            if (!s.endpoint().isEmpty()) {
                b.endpointOverride(URI.create(s.endpoint()));
            }
            return b.build();
        });
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.defaultCredentials()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
    }
}
