package org.wadi.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the processes of one Wadi cluster — the controller and its workers — prove to each other
 * that they belong to it: a shared secret, and optionally TLS.
 *
 * <p>With a secret, a worker signs each call to the controller's gRPC server (a header holding the
 * time and an HMAC-SHA256 of it under the secret; the controller accepts a time within
 * {@value #MAX_CLOCK_SKEW_MILLIS} ms of its own), and a worker opening a data connection answers
 * its peer's fresh challenge with an HMAC of it: the secret never travels, and a data connection
 * cannot be replayed. With TLS (a certificate, its key and the certificate authority that signed
 * the cluster's certificates, as PEM files), both the gRPC connections and the data connections
 * are encrypted, and each side checks that the other's certificate is signed by that authority.
 *
 * <p>Where it comes from ({@link #resolve}): the environment variable {@value #SECRET_ENV} (the
 * secret itself), or {@value #SECRET_FILE_ENV} (a file holding it), or the given default file
 * when it exists; and {@value #TLS_CERT_ENV}, {@value #TLS_KEY_ENV}, {@value #TLS_CA_ENV}. A
 * server that listens beyond the loopback interface without one generates a secret into its data
 * folder ({@link #resolveForServer}), which the process scheduler hands to the workers it starts.
 */
public final class ClusterAuth {

    public static final String SECRET_ENV = "WADI_CLUSTER_SECRET";
    public static final String SECRET_FILE_ENV = "WADI_CLUSTER_SECRET_FILE";
    public static final String TLS_CERT_ENV = "WADI_CLUSTER_TLS_CERT";
    public static final String TLS_KEY_ENV = "WADI_CLUSTER_TLS_KEY";
    public static final String TLS_CA_ENV = "WADI_CLUSTER_TLS_CA";
    /**
     * The server's generated secret file, given by the process scheduler to the processes it
     * starts: used when it exists and nothing else is configured.
     */
    public static final String SERVER_SECRET_FILE_ENV = "WADI_CLUSTER_SERVER_SECRET_FILE";
    /** The file in a server's data folder holding the secret it generated. */
    public static final String SECRET_FILE_NAME = "cluster.secret";
    /** The gRPC header carrying a worker's proof. */
    public static final String GRPC_HEADER = "wadi-cluster-auth";
    /** How far a signed time may be from the verifier's clock. */
    public static final long MAX_CLOCK_SKEW_MILLIS = 5 * 60_000L;
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    /** No secret and no TLS: plaintext, unauthenticated (the loopback-only default). */
    public static final ClusterAuth NONE = new ClusterAuth(null, null, "none");

    private final byte[] secret;
    private final Tls tls;
    private final String source;

    /**
     * The cluster's TLS material: PEM files of this process's certificate, its private key (PKCS#8)
     * and the authority that signed every certificate of the cluster.
     */
    public record Tls(Path certificate, Path privateKey, Path authority) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(authority, "authority");
        }
    }

    private ClusterAuth(byte[] secret, Tls tls, String source) {
        this.secret = secret;
        this.tls = tls;
        this.source = source;
    }

    /** A cluster authenticated by {@code secret} (at least {@value #MIN_SECRET_BYTES} bytes), with {@code tls} or without (null). */
    public static ClusterAuth of(String secret, Tls tls) {
        byte[] bytes = checkSecret(secret, "the cluster secret");
        return new ClusterAuth(bytes, tls, "given");
    }

    /** TLS only, no secret: the certificates alone say who belongs. */
    public static ClusterAuth tlsOnly(Tls tls) {
        return new ClusterAuth(null, Objects.requireNonNull(tls, "tls"), "given");
    }

    /**
     * The cluster's credentials as a worker or embedded component finds them in {@code env}
     * (environment variables by name), falling back on {@code defaultSecretFile} when it exists
     * (null: none). Throws {@link IllegalArgumentException} naming the variable when one is set
     * but unusable.
     */
    public static ClusterAuth resolve(Function<String, String> env, Path defaultSecretFile) {
        if (defaultSecretFile == null) {
            String server = blankToNull(env.apply(SERVER_SECRET_FILE_ENV));
            defaultSecretFile = server == null ? null : Path.of(server);
        }
        Tls tls = tls(env);
        String secret = blankToNull(env.apply(SECRET_ENV));
        if (secret != null) {
            return new ClusterAuth(checkSecret(secret, SECRET_ENV), tls, SECRET_ENV);
        }
        String file = blankToNull(env.apply(SECRET_FILE_ENV));
        if (file != null) {
            return new ClusterAuth(readSecret(Path.of(file), SECRET_FILE_ENV), tls, file);
        }
        if (defaultSecretFile != null && Files.isRegularFile(defaultSecretFile)) {
            return new ClusterAuth(readSecret(defaultSecretFile, defaultSecretFile.toString()), tls,
                    defaultSecretFile.toString());
        }
        return tls == null ? NONE : new ClusterAuth(null, tls, "tls");
    }

    /**
     * The server's credentials: as {@link #resolve} with {@code dataFolder/cluster.secret} as the
     * default file; when none is found and {@code exposed} (the server's gRPC or data ports listen
     * beyond the loopback interface), a new random secret is written to that file (readable by its
     * owner only) and used.
     */
    public static ClusterAuth resolveForServer(Function<String, String> env, Path dataFolder, boolean exposed)
            throws IOException {
        Path file = dataFolder.resolve(SECRET_FILE_NAME);
        ClusterAuth found = resolve(env, file);
        if (found.secret != null || !exposed) {
            return found;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Files.createDirectories(dataFolder);
        Path tmp = Files.createTempFile(dataFolder, SECRET_FILE_NAME, ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.writeString(tmp, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new ClusterAuth(secret.getBytes(StandardCharsets.UTF_8), found.tls, file + " (generated)");
    }

    /** Whether a loopback-only server is exposed: {@code host} is not a loopback address or name. */
    public static boolean isExposed(String host) {
        if (host == null || host.isBlank()) {
            return true;
        }
        String h = host.strip();
        return !(h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]"));
    }

    public boolean hasSecret() {
        return secret != null;
    }

    /** The TLS material, or null for plaintext. */
    public Tls tls() {
        return tls;
    }

    /** Whether anything is checked at all. */
    public boolean enabled() {
        return secret != null || tls != null;
    }

    /** Where the credentials came from, for the log (never the secret). */
    public String describe() {
        if (!enabled()) {
            return "none (loopback only)";
        }
        return (secret != null ? "shared secret from " + source : "no shared secret")
                + (tls != null ? ", TLS with " + tls.certificate() : ", no TLS");
    }

    /** HMAC-SHA256 under the secret of {@code parts}, each prefixed by its length. */
    public byte[] mac(byte[]... parts) {
        if (secret == null) {
            throw new IllegalStateException("no cluster secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(new byte[] {(byte) (p.length >>> 24), (byte) (p.length >>> 16), (byte) (p.length >>> 8),
                        (byte) p.length});
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
        }
    }

    /** Whether {@code mac} is {@link #mac} of {@code parts}, compared in constant time. */
    public boolean verify(byte[] mac, byte[]... parts) {
        return secret != null && mac != null && MessageDigest.isEqual(mac, mac(parts));
    }

    /** The value of {@link #GRPC_HEADER} for a call made at {@code millis}. */
    public String grpcToken(long millis) {
        String time = Long.toString(millis);
        return time + "." + HexFormat.of().formatHex(mac(GRPC_HEADER.getBytes(StandardCharsets.UTF_8),
                time.getBytes(StandardCharsets.UTF_8)));
    }

    /** Null when {@code token} is a valid {@link #grpcToken} at {@code nowMillis}; else why not. */
    public String checkGrpcToken(String token, long nowMillis) {
        if (token == null || token.isEmpty()) {
            return "no cluster credentials (header " + GRPC_HEADER + ")";
        }
        int dot = token.indexOf('.');
        long time;
        byte[] mac;
        try {
            time = Long.parseLong(token.substring(0, Math.max(0, dot)));
            mac = HexFormat.of().parseHex(token.substring(dot + 1));
        } catch (RuntimeException e) {
            return "malformed cluster credentials";
        }
        if (Math.abs(nowMillis - time) > MAX_CLOCK_SKEW_MILLIS) {
            return "cluster credentials signed at a time " + (nowMillis - time) / 1000
                    + " s from this server's clock (more than " + MAX_CLOCK_SKEW_MILLIS / 1000 + " s)";
        }
        if (!verify(mac, GRPC_HEADER.getBytes(StandardCharsets.UTF_8), Long.toString(time).getBytes(
                StandardCharsets.UTF_8))) {
            return "wrong cluster credentials (not signed with this cluster's secret)";
        }
        return null;
    }

    private static Tls tls(Function<String, String> env) {
        String cert = blankToNull(env.apply(TLS_CERT_ENV));
        String key = blankToNull(env.apply(TLS_KEY_ENV));
        String ca = blankToNull(env.apply(TLS_CA_ENV));
        if (cert == null && key == null && ca == null) {
            return null;
        }
        if (cert == null || key == null || ca == null) {
            throw new IllegalArgumentException("cluster TLS needs all of " + TLS_CERT_ENV + ", " + TLS_KEY_ENV
                    + " and " + TLS_CA_ENV + " (PEM files); missing: "
                    + (cert == null ? TLS_CERT_ENV + " " : "") + (key == null ? TLS_KEY_ENV + " " : "")
                    + (ca == null ? TLS_CA_ENV : "").strip());
        }
        Tls tls = new Tls(Path.of(cert), Path.of(key), Path.of(ca));
        for (Path p : new Path[] {tls.certificate(), tls.privateKey(), tls.authority()}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("cluster TLS file " + p + " cannot be read");
            }
        }
        return tls;
    }

    private static byte[] readSecret(Path file, String where) {
        try {
            return checkSecret(Files.readString(file, StandardCharsets.UTF_8).strip(), where);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster secret from " + file + " (" + where + "): "
                    + e, e);
        }
    }

    private static byte[] checkSecret(String secret, String where) {
        byte[] bytes = secret == null ? new byte[0] : secret.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(where + " is too short: a cluster secret needs at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        return bytes;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "ClusterAuth[" + describe() + "]";
    }
}
