package org.wadi.node.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A node's settings as plain values.
 *
 * @param servers {@code host:port} of each server's node scheduler (several: servers sharing one
 *        database, of which the active one takes the node)
 * @param nodeId the node's name at the server
 * @param hostname this machine's name, for operators
 * @param slots the subtask slots this node offers
 * @param token the secret the server requires, or empty
 * @param bundleCache where bundles fetched from the server are kept, by their SHA-256
 * @param version this distribution's version
 */
public record AgentSettings(List<String> servers, String nodeId, String hostname, int slots, String token,
        Path bundleCache, String version) {

    static final String CFG = "etc/org.wadi.node.cfg";

    public AgentSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("node.server in " + CFG + " (or WADI_NODE_SERVER, bin/wadi node --server)"
                    + " must name at least one host:port of a server's node scheduler");
        }
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1
                    || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("node.server in " + CFG + " (or WADI_NODE_SERVER, bin/wadi node"
                        + " --server) must be host:port of the server's node scheduler, or several separated by"
                        + " commas, was '" + server + "'");
            }
        }
        if (slots <= 0) {
            throw new IllegalArgumentException("node.slots in " + CFG + " (or WADI_NODE_SLOTS) must be 1 or more, was " + slots);
        }
    }

    /**
     * The settings from the configuration, each key overridden by its {@code WADI_…} variable.
     *
     * @param property a framework property by name ({@code karaf.data})
     * @param version this distribution's version
     */
    public static AgentSettings from(NodeAgentConfig c, Function<String, String> env, Function<String, String> property,
            String version) {
        String data = property.apply("karaf.data");
        Path dataDir = Path.of(data == null || data.isBlank() ? "data" : data).toAbsolutePath().normalize();
        String hostname = localHostName();
        String slotsText = get(env, "node.slots", Integer.toString(c.node_slots()));
        int slots;
        try {
            slots = Integer.parseInt(slotsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node.slots in " + CFG + " (or WADI_NODE_SLOTS) must be a whole number, was '"
                    + slotsText + "'");
        }
        if (slots == 0) {
            slots = Runtime.getRuntime().availableProcessors() * 4;
        }
        String id = get(env, "node.id", c.node_id());
        if (id.isEmpty()) {
            id = hostname + "-" + String.format("%08x", dataDir.toString().hashCode());
        }
        return new AgentSettings(servers(get(env, "node.server", c.node_server())), id, hostname, slots,
                get(env, "node.token", c.node_token()), dataDir.resolve("bundles"), version);
    }

    /** {@code h1:p1,h2:p2} as a list, blanks left out. */
    static List<String> servers(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank() && !out.contains(s.strip())) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** The servers as written in the configuration, for messages. */
    String describeServers() {
        return String.join(",", servers);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String get(Function<String, String> env, String key, String configured) {
        String v = env.apply("WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
        return v == null || v.isBlank() ? (configured == null ? "" : configured.trim()) : v.trim();
    }
}
