package org.wadi.connector.rabbitmq.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * Arroyo's {@code tls_config.*} options: TLS on or off, trusting every certificate, PEM root
 * certificates to trust, and a PEM client certificate and key (Streams only; the AMQP client
 * takes no PEM keys, so AMQP tables refuse them).
 *
 * @param enabled whether connections use TLS
 * @param trustCertificates whether any server certificate is accepted (tests only)
 * @param rootCertificates a PEM file of certificates to trust, or {@code null} for the JDK's
 * @param clientCertificates a PEM client certificate chain, or {@code null}
 * @param clientKeys its PEM (PKCS#8) private key, or {@code null}
 */
record TlsSettings(boolean enabled, boolean trustCertificates, String rootCertificates, String clientCertificates,
        String clientKeys) {

    static final String ENABLED = "tls_config.enabled";
    static final String TRUST_CERTIFICATES = "tls_config.trust_certificates";
    static final String ROOT_CERTIFICATES = "tls_config.root_certificates_path";
    static final String CLIENT_CERTIFICATES = "tls_config.client_certificates_path";
    static final String CLIENT_KEYS = "tls_config.client_keys_path";

    static TlsSettings read(Options options) throws ConnectorException {
        boolean enabled = options.booleanValue(ENABLED, false);
        boolean trust = options.booleanValue(TRUST_CERTIFICATES, false);
        String root = path(options, ROOT_CERTIFICATES);
        String cert = path(options, CLIENT_CERTIFICATES);
        String key = path(options, CLIENT_KEYS);
        if ((cert == null) != (key == null)) {
            throw new ConnectorException("Option '" + (cert == null ? CLIENT_CERTIFICATES : CLIENT_KEYS)
                    + "' of connector '" + options.connector() + "' is missing: a client certificate needs '"
                    + CLIENT_CERTIFICATES + "' and '" + CLIENT_KEYS + "'");
        }
        if (!enabled && (trust || root != null || cert != null)) {
            throw new ConnectorException("Option '" + (trust ? TRUST_CERTIFICATES : root != null ? ROOT_CERTIFICATES
                    : CLIENT_CERTIFICATES) + "' of connector '" + options.connector() + "' needs " + ENABLED
                    + " = 'true'");
        }
        return new TlsSettings(enabled, trust, root, cert, key);
    }

    private static String path(Options options, String key) {
        return options.optional(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** AMQP 0-9-1 connections cannot present a PEM client certificate. */
    void checkAmqp(String connector) throws ConnectorException {
        if (clientCertificates != null) {
            throw new ConnectorException("Option '" + CLIENT_CERTIFICATES + "' of connector '" + connector
                    + "' is supported for stream sources only; AMQP queue sources and sinks authenticate with"
                    + " 'username' and 'password'");
        }
    }

    void putInto(Map<String, String> options) {
        options.put(ENABLED, Boolean.toString(enabled));
        if (enabled) {
            options.put(TRUST_CERTIFICATES, Boolean.toString(trustCertificates));
        }
        if (rootCertificates != null) {
            options.put(ROOT_CERTIFICATES, rootCertificates);
        }
        if (clientCertificates != null) {
            options.put(CLIENT_CERTIFICATES, clientCertificates);
            options.put(CLIENT_KEYS, clientKeys);
        }
    }

    /** The Netty TLS context of a Streams connection. */
    SslContext netty(String table) throws ConnectorException {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (trustCertificates) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (rootCertificates != null) {
                b.trustManager(new File(rootCertificates));
            }
            if (clientCertificates != null) {
                b.keyManager(new File(clientCertificates), new File(clientKeys));
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': the TLS settings cannot be used ("
                    + ROOT_CERTIFICATES + ", " + CLIENT_CERTIFICATES + ", " + CLIENT_KEYS + "): " + e.getMessage(), e);
        }
    }

    /** The JDK TLS context of an AMQP 0-9-1 connection, or {@code null} to trust every certificate. */
    SSLContext jdk(String table) throws ConnectorException {
        if (trustCertificates) {
            return null;
        }
        try {
            if (rootCertificates == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(rootCertificates))) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("root" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': option '" + ROOT_CERTIFICATES + "' = '"
                    + rootCertificates + "' cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }
}
