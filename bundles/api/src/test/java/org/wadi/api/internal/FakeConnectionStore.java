package org.wadi.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionStore;
import org.wadi.store.ConnectionTable;
import org.wadi.store.Page;

/** The connection store in memory, with the database's rules (unique names, a profile in use stays). */
final class FakeConnectionStore implements ConnectionStore {

    final Map<String, ConnectionProfile> profiles = new TreeMap<>();
    final Map<String, ConnectionTable> tables = new TreeMap<>();

    @Override
    public synchronized boolean createProfile(ConnectionProfile p) {
        if (profiles.values().stream().anyMatch(x -> x.name().equals(p.name()))) {
            return false;
        }
        profiles.put(p.id(), p);
        return true;
    }

    @Override
    public synchronized List<ConnectionProfile> listProfiles() {
        return new ArrayList<>(profiles.values());
    }

    @Override
    public synchronized Optional<ConnectionProfile> getProfile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    @Override
    public synchronized Optional<ConnectionProfile> findProfile(String name) {
        return profiles.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public synchronized boolean deleteProfile(String id) {
        if (!tablesUsingProfile(id).isEmpty()) {
            throw new IllegalStateException("in use");
        }
        return profiles.remove(id) != null;
    }

    @Override
    public synchronized List<String> tablesUsingProfile(String profileId) {
        return tables.values().stream().filter(t -> profileId.equals(t.profileId())).map(ConnectionTable::name)
                .sorted().toList();
    }

    @Override
    public synchronized boolean createTable(ConnectionTable t) {
        if (t.profileId() != null && !profiles.containsKey(t.profileId())) {
            throw new IllegalArgumentException("no profile " + t.profileId());
        }
        if (tables.values().stream().anyMatch(x -> x.name().equals(t.name()))) {
            return false;
        }
        tables.put(t.id(), t);
        return true;
    }

    @Override
    public synchronized Page<ConnectionTable> listTables(String startingAfter, int limit) {
        List<ConnectionTable> after = tables.values().stream()
                .filter(t -> startingAfter == null || t.id().compareTo(startingAfter) > 0).toList();
        return new Page<>(after.subList(0, Math.min(limit, after.size())), after.size() > limit);
    }

    @Override
    public synchronized Optional<ConnectionTable> getTable(String id) {
        return Optional.ofNullable(tables.get(id));
    }

    @Override
    public synchronized Optional<ConnectionTable> findTable(String name) {
        return tables.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public synchronized boolean deleteTable(String id) {
        return tables.remove(id) != null;
    }
}
