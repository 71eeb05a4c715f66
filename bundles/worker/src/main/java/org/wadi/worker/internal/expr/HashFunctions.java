package org.wadi.worker.internal.expr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/** DataFusion's hashing and binary-encoding functions (see {@link FunctionLibrary}). */
public final class HashFunctions {

    private HashFunctions() {
    }

    /** Lower-case hex text, unlike the sha functions, as DataFusion. */
    public static String md5(byte[] v) {
        return Sql.hex(hash("MD5", v));
    }

    public static byte[] sha224(byte[] v) {
        return hash("SHA-224", v);
    }

    public static byte[] sha256(byte[] v) {
        return hash("SHA-256", v);
    }

    public static byte[] sha384(byte[] v) {
        return hash("SHA-384", v);
    }

    public static byte[] sha512(byte[] v) {
        return hash("SHA-512", v);
    }

    public static byte[] digest(byte[] v, String algorithm) {
        return switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "md5" -> hash("MD5", v);
            case "sha224" -> hash("SHA-224", v);
            case "sha256" -> hash("SHA-256", v);
            case "sha384" -> hash("SHA-384", v);
            case "sha512" -> hash("SHA-512", v);
            case "blake2s", "blake2b", "blake3" -> throw new IllegalArgumentException(
                    "digest: the algorithm '" + algorithm + "' is not supported yet; supported: md5, sha224, sha256,"
                            + " sha384, sha512");
            default -> throw new IllegalArgumentException("digest: there is no built-in digest algorithm '"
                    + algorithm + "'; supported: md5, sha224, sha256, sha384, sha512");
        };
    }

    private static byte[] hash(String algorithm, byte[] v) {
        try {
            return MessageDigest.getInstance(algorithm).digest(v);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }

    /** base64 without padding, or lower-case hex, as DataFusion. */
    public static String encode(byte[] v, String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> Base64.getEncoder().withoutPadding().encodeToString(v);
            case "hex" -> Sql.hex(v);
            default -> throw badEncoding(encoding);
        };
    }

    /** Accepts base64 with or without padding. */
    public static byte[] decode(byte[] v, String encoding) {
        String s = Sql.utf8(v);
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("decode: '" + s + "' is not base64: " + e.getMessage());
                }
            }
            case "hex" -> Sql.unhex(s);
            default -> throw badEncoding(encoding);
        };
    }

    private static IllegalArgumentException badEncoding(String encoding) {
        return new IllegalArgumentException("there is no built-in encoding named '" + encoding
                + "'; supported: base64, hex");
    }
}
