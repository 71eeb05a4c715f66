package org.wadi.spi.connector;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The connection profiles and tables users saved through the REST API
 * ({@code /api/v1/connection_profiles}, {@code /api/v1/connection_tables}), as the SQL planner
 * needs them: a query may name a saved table without a {@code CREATE TABLE}, and a table's
 * {@code WITH (connection_profile = 'name')} takes the options of a saved profile. Implemented by
 * the server; the planner works without it (then no saved table or profile is known).
 *
 * @since 1.4
 */
@ProviderType
public interface ConnectionCatalog {

    /** The option that names a saved connection profile in {@code WITH (…)}. */
    String PROFILE_OPTION = "connection_profile";

    /**
     * The saved connection profile of this name.
     *
     * @param name the profile's name, as users write it in {@value #PROFILE_OPTION}
     * @return the profile with its options (secrets in clear), or empty when none has that name
     */
    Optional<SavedProfile> profile(String name);

    /**
     * The saved connection table of this name, as a {@code CREATE TABLE} statement of Wadi's SQL
     * that defines it (its columns and its options, naming its profile, if any, through
     * {@value #PROFILE_OPTION}).
     *
     * @param name the table's name, as a query names it
     * @return the statement, or empty when no table has that name
     */
    Optional<String> tableStatement(String name);
}
