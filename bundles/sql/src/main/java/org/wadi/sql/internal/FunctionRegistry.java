package org.wadi.sql.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;

/**
 * The function services registered now, by name, with the bundle that registered each; and the
 * bundles that provided functions that are gone, so that a query calling one is told why it is not
 * there. Thread-safe: services come and go while queries are planned.
 */
final class FunctionRegistry {

    /** A registered function: what plans call it by, its types, and the service itself. */
    record Entry(FunctionRef ref, FunctionSignature signature, Object service) {
    }

    private final Map<String, Entry> byName = new ConcurrentHashMap<>();
    private final Map<String, FunctionRef> removed = new ConcurrentHashMap<>();

    /**
     * Adds a function; a later one of the same name replaces the earlier.
     *
     * @return the one it replaced, or {@code null}
     */
    Entry add(Entry entry) {
        removed.remove(entry.signature().name());
        return byName.put(entry.signature().name(), entry);
    }

    /** Removes a function, remembering which bundle provided it, if it is the one registered. */
    void remove(Object service, String name) {
        Entry e = byName.get(name);
        if (e != null && e.service() == service && byName.remove(name, e)) {
            removed.put(name, e.ref());
        }
    }

    /** The function of that name (lower case), or {@code null}. */
    Entry find(String name) {
        return byName.get(name);
    }

    /** Where the removed function of that name came from, or {@code null}. */
    FunctionRef removed(String name) {
        return removed.get(name);
    }

    /** Everything registered now, by name. */
    Map<String, Entry> snapshot() {
        return new TreeMap<>(byName);
    }

    /** The names registered now, sorted. */
    Collection<String> names() {
        return List.copyOf(new TreeMap<>(byName).keySet());
    }
}
