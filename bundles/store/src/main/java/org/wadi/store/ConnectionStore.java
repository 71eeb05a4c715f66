package org.wadi.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Saved connection profiles and connection tables. An OSGi service of the store. The values of
 * secret options ({@link ConnectionProfile#secretKeys()}, {@link ConnectionTable#secretKeys()})
 * are encrypted before they reach the database and decrypted when read, with the key of the
 * store's configuration ({@code secret.key}, or {@code WADI_SECRET_KEY}).
 */
@ProviderType
public interface ConnectionStore {

    /**
     * Saves a profile.
     *
     * @return {@code false} when a profile of that name is saved already (nothing is written)
     */
    boolean createProfile(ConnectionProfile profile);

    /** Every saved profile, oldest first. */
    List<ConnectionProfile> listProfiles();

    /** The profile of that id. */
    Optional<ConnectionProfile> getProfile(String id);

    /** The profile of that name. */
    Optional<ConnectionProfile> findProfile(String name);

    /**
     * Deletes a profile.
     *
     * @return {@code false} if there was none of that id
     * @throws IllegalStateException when a saved table uses it (nothing is deleted)
     */
    boolean deleteProfile(String id);

    /** The names of the saved tables that use a profile, in name order. */
    List<String> tablesUsingProfile(String profileId);

    /**
     * Saves a table.
     *
     * @return {@code false} when a table of that name is saved already (nothing is written)
     * @throws IllegalArgumentException when its profile does not exist
     */
    boolean createTable(ConnectionTable table);

    /**
     * One page of saved tables, in id order.
     *
     * @param startingAfter the id of the last table of the previous page, or {@code null}
     * @param limit most tables on the page
     */
    Page<ConnectionTable> listTables(String startingAfter, int limit);

    /** The table of that id. */
    Optional<ConnectionTable> getTable(String id);

    /** The table of that name. */
    Optional<ConnectionTable> findTable(String name);

    /** Deletes a table; {@code false} if there was none of that id. */
    boolean deleteTable(String id);
}
