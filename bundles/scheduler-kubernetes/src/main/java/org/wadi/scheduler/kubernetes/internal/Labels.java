package org.wadi.scheduler.kubernetes.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Label keys and values, and the {@code key=value,…} lists the configuration holds them in. */
final class Labels {

    /** A label value, or the name part of a key: 63 characters at most, alphanumeric at both ends. */
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private Labels() {
    }

    /** {@code a=1, b=2} as a map; empty text: empty map. */
    static Map<String, String> parse(String text, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(what + " '" + p + "' is not key=value (in '" + text + "')");
            }
            out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }

    /** Checks keys and values against Kubernetes' label syntax. */
    static void check(Map<String, String> labels, String what) {
        labels.forEach((k, v) -> {
            if (!validKey(k)) {
                throw new IllegalArgumentException(what + " key '" + k + "' is not a valid Kubernetes label key"
                        + " ([prefix/]name, name: up to 63 letters, digits, '-', '_', '.')");
            }
            if (!NAME.matcher(v).matches()) {
                throw new IllegalArgumentException(what + " " + k + " has the value '" + v + "', not a valid Kubernetes"
                        + " label value (up to 63 letters, digits, '-', '_', '.', alphanumeric at both ends)");
            }
        });
    }

    private static boolean validKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (name.isEmpty() || !NAME.matcher(name).matches()) {
            return false;
        }
        return slash < 0 || PREFIX.matcher(key.substring(0, slash)).matches();
    }

    /** A DNS-1123 name part from an id ({@code job_ab12} to {@code job-ab12}). */
    static String dnsName(String id) {
        return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
