package org.wadi.controller.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.wadi.spi.scheduler.PluginBundle;

/**
 * The connector services present now, by their {@code wadi.connector} name, each as the bundle that
 * provides it: what a worker must install to run the connector; and the bundles that provide
 * function services, which a worker must install to run a plan that calls their functions. Keyed by an identity of the service
 * registration so that two registrations of one name can come and go independently.
 */
public final class Connectors {

    private record Entry(Object registration, PluginBundle bundle) {
    }

    private final Map<String, List<Entry>> byName = new ConcurrentHashMap<>();
    private final Map<Object, PluginBundle> functionBundles = new ConcurrentHashMap<>();

    public void add(String name, Object registration, PluginBundle bundle) {
        if (name != null && !name.isBlank()) {
            byName.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(new Entry(registration, bundle));
        }
    }

    public void remove(String name, Object registration) {
        if (name != null) {
            byName.computeIfPresent(name, (k, list) -> {
                list.removeIf(e -> e.registration().equals(registration));
                return list.isEmpty() ? null : list;
            });
        }
    }

    /** The bundle providing the connector, the first registered if there are several. */
    public Optional<PluginBundle> bundle(String name) {
        List<Entry> list = byName.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0).bundle());
    }

    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** A bundle registered a function service (scalar, aggregate or async): workers may need it. */
    public void addFunctions(Object registration, PluginBundle bundle) {
        functionBundles.put(registration, bundle);
    }

    public void removeFunctions(Object registration) {
        functionBundles.remove(registration);
    }

    /** The bundle of that symbolic name and version that registered function services, if present now. */
    public Optional<PluginBundle> functionBundle(String symbolicName, String version) {
        return functionBundles.values().stream()
                .filter(b -> b.symbolicName().equals(symbolicName) && b.version().equals(version))
                .findFirst();
    }
}
