package org.wadi.controller.internal;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.wadi.spi.scheduler.Scheduler;

/** The scheduler services present now, by their {@value Scheduler#NAME_PROPERTY} name. */
public final class Schedulers {

    private final Map<String, Scheduler> byName = new ConcurrentHashMap<>();

    public void add(String name, Scheduler scheduler) {
        if (name != null && !name.isBlank()) {
            byName.put(name, scheduler);
        }
    }

    public void remove(String name, Scheduler scheduler) {
        if (name != null) {
            byName.remove(name, scheduler);
        }
    }

    public Optional<Scheduler> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
