package org.wadi.connector.kinesis.internal;

import org.wadi.spi.connector.ConnectorException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the Kinesis client of a table: the JDK's HTTP client, passed explicitly (no class-path lookup). */
final class KinesisClients {

    private KinesisClients() {
    }

    static KinesisClient client(KinesisConfig config, String table) throws ConnectorException {
        try {
            KinesisClientBuilder b = KinesisClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            if (config.region() != null) {
                b.region(Region.of(config.region()));
            }
            if (config.endpoint() != null) {
                b.endpointOverride(config.endpoint());
            }
            return b.build();
        } catch (RuntimeException e) {
            throw new ConnectorException("kinesis table '" + table + "': cannot build the Kinesis client for "
                    + config.where() + " (set 'aws_region' or AWS_REGION): " + e.getMessage(), e);
        }
    }
}
