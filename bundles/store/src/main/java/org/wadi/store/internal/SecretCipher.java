package org.wadi.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secret option values at rest: AES-256-GCM with a random 96-bit nonce per value, the
 * owner's id and the option's key as associated data (a value cannot be moved to another row
 * unnoticed). A stored value reads {@value #PREFIX} followed by base64 of nonce and ciphertext.
 */
final class SecretCipher {

    static final String PREFIX = "wadi:v1:";
    /** The key file generated in the data folder when no key is configured. */
    static final String KEY_FILE = "secret.key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);

    private final SecretKeySpec key;

    SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("invalid secret.key: expected base64 of " + KEY_BYTES
                    + " bytes, got " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * The key from configuration ({@code secret.key}, overridden by {@code WADI_SECRET_KEY}), else
     * the key file in {@code dataDir}, generated (owner-only) on first start; with neither a key
     * nor a data folder, a key for this run only.
     */
    static SecretCipher load(String configured, Function<String, String> env, Path dataDir) {
        String fromEnv = env.apply("WADI_SECRET_KEY");
        String text = fromEnv != null && !fromEnv.isBlank() ? fromEnv
                : configured != null && !configured.isBlank() ? configured : null;
        if (text != null) {
            return new SecretCipher(decodeKey(text, fromEnv != null && !fromEnv.isBlank() ? "WADI_SECRET_KEY" : "secret.key"));
        }
        if (dataDir == null) {
            LOG.warn("No secret.key (or WADI_SECRET_KEY) and no data folder: connection secrets are encrypted with a "
                    + "key for this run only and cannot be read after a restart");
            return random();
        }
        return new SecretCipher(keyFile(dataDir.resolve(KEY_FILE)));
    }

    /** A cipher with a fresh random key (for tests and key-less runs). */
    static SecretCipher random() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return new SecretCipher(k);
    }

    private static byte[] decodeKey(String text, String source) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            // never echo the value: it is the key
            throw new IllegalArgumentException("invalid " + source + ": expected base64 of " + KEY_BYTES + " bytes "
                    + "(e.g. from: head -c 32 /dev/urandom | base64)");
        }
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] k = new byte[KEY_BYTES];
                RANDOM.nextBytes(k);
                Files.createDirectories(file.getParent());
                try {
                    if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                    Files.writeString(file, Base64.getEncoder().encodeToString(k) + "\n", StandardCharsets.US_ASCII,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    LOG.info("Generated the key that encrypts connection secrets at rest: {} (readable by its owner "
                            + "only; back it up with the database, or set secret.key / WADI_SECRET_KEY instead)", file);
                    return k;
                } catch (FileAlreadyExistsException raced) {
                    // another server sharing the folder wrote it first: read theirs
                }
            }
            return decodeKey(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the secret key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Encrypts {@code value}, bound to its owner and key. */
    String encrypt(String owner, String optionKey, String value) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(owner, optionKey));
            byte[] ct = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt option '" + optionKey + "' of " + owner + ": " + e, e);
        }
    }

    /** Decrypts what {@link #encrypt} made for the same owner and key. */
    String decrypt(String owner, String optionKey, String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("option '" + optionKey + "' of " + owner + " is not an encrypted value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(aad(owner, optionKey));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("could not decrypt option '" + optionKey + "' of " + owner + ": it was "
                    + "encrypted with another secret.key (" + e.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")");
        }
    }

    private static byte[] aad(String owner, String optionKey) {
        return (owner + "\u0000" + optionKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM]";
    }
}
