package org.wadi.api.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How API clients authenticate, with the {@code WADI_…} environment overrides applied and checked.
 *
 * @param mode how clients prove who they are
 * @param keys the accepted API keys (mode {@link Mode#API_KEY}), as UTF-8 bytes
 * @param metrics whether {@code /metrics} asks for credentials
 * @param ui whether the web UI's static files ask for credentials
 * @param corsOrigins origins allowed to call from a browser; {@code *} allows any
 */
public record AuthSettings(Mode mode, List<byte[]> keys, boolean metrics, boolean ui, Set<String> corsOrigins) {

    /** The shortest API key accepted: guessing one must be out of reach. */
    public static final int MIN_KEY_LENGTH = 16;

    /** The authentication modes, named as in the configuration. */
    public enum Mode {
        /** No credentials; only clients on the loopback interface are served. */
        NONE("none"),
        /** {@code Authorization: Bearer <key>} with one of the configured keys. */
        API_KEY("api_key"),
        /** A client certificate verified by the HTTPS connector (mutual TLS). */
        MTLS("mtls");

        final String key;

        Mode(String key) {
            this.key = key;
        }

        static Mode parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Mode m : values()) {
                if (m.key.equals(t)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("api.auth.mode must be one of none, api_key, mtls; was '" + text + "'");
        }
    }

    public AuthSettings {
        keys = List.copyOf(keys);
        corsOrigins = Set.copyOf(corsOrigins);
        if (mode == Mode.API_KEY && keys.isEmpty()) {
            throw new IllegalArgumentException("api.auth.mode is api_key but api.auth.keys (WADI_API_AUTH_KEYS) names"
                    + " no key");
        }
        for (byte[] k : keys) {
            if (new String(k, StandardCharsets.UTF_8).length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("an API key in api.auth.keys is shorter than " + MIN_KEY_LENGTH
                        + " characters: use a long random one (e.g. openssl rand -hex 32)");
            }
        }
    }

    /** No authentication, loopback clients only, no CORS: the defaults. */
    public static AuthSettings defaults() {
        return new AuthSettings(Mode.NONE, List.of(), true, false, Set.of());
    }

    /** The configuration with the {@code WADI_…} environment overrides found in {@code env}. */
    public static AuthSettings from(ApiConfig config, Map<String, String> env) {
        Mode mode = Mode.parse(text(env, "api.auth.mode", config.api_auth_mode()));
        List<byte[]> keys = new ArrayList<>();
        for (String k : list(text(env, "api.auth.keys", config.api_auth_keys()))) {
            keys.add(k.getBytes(StandardCharsets.UTF_8));
        }
        return new AuthSettings(mode, keys, flag(env, "api.auth.metrics", config.api_auth_metrics()),
                flag(env, "api.auth.ui", config.api_auth_ui()),
                Set.copyOf(list(text(env, "api.cors.origins", config.api_cors_origins()))));
    }

    private static String text(Map<String, String> env, String key, String configured) {
        String v = env.get(ApiSettings.envName(key));
        return v == null || v.isBlank() ? configured : v;
    }

    private static boolean flag(Map<String, String> env, String key, boolean configured) {
        String v = env.get(ApiSettings.envName(key));
        if (v == null || v.isBlank()) {
            return configured;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("environment variable " + ApiSettings.envName(key)
                    + " (overriding " + key + ") must be true or false, was '" + v + "'");
        };
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        // never the keys themselves
        return "AuthSettings[mode=" + mode.key + ", keys=" + keys.size() + ", metrics=" + metrics + ", ui=" + ui
                + ", corsOrigins=" + corsOrigins + "]";
    }
}
