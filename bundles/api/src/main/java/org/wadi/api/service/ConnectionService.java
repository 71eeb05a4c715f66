package org.wadi.api.service;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The connector catalog, connection profiles and connection tables (Arroyo's): the logic behind
 * {@code /api/v1/connectors}, {@code /api/v1/connection_profiles} and {@code /api/v1/connection_tables}.
 * Secret option values are never returned in clear.
 */
@ProviderType
public interface ConnectionService {

    /** The connectors installed now. */
    ConnectorCollection connectors();

    /**
     * Saves a profile.
     *
     * @throws ApiException 400 for an unknown connector or bad options (naming them and the supported
     *     ones); 409 when a profile of that name exists
     */
    ConnectionProfile createProfile(ConnectionProfilePost post);

    /** The saved profiles. */
    ConnectionProfileCollection listProfiles();

    /**
     * Deletes a profile.
     *
     * @throws ApiException 404 when there is none of that id; 409 when saved tables use it
     */
    void deleteProfile(String id);

    /** Checks a profile (not saved) against its external system. */
    TestSourceMessage testProfile(ConnectionProfilePost post);

    /**
     * Values for the UI to suggest with a saved profile (Kafka's topics).
     *
     * @throws ApiException 404 when there is no profile of that id; 400 when the system cannot be asked
     */
    ConnectionAutocompleteResp autocomplete(String profileId);

    /**
     * Saves a table after its connector accepted it.
     *
     * @throws ApiException 400 for an unknown connector or profile or bad options or schema; 409
     *     when a table of that name exists
     */
    ConnectionTable createTable(ConnectionTablePost post);

    /**
     * One page of saved tables.
     *
     * @param startingAfter the last id of the previous page, or {@code null}
     * @param limit the page size, or {@code null} for the default
     */
    ConnectionTableCollection listTables(String startingAfter, Integer limit);

    /**
     * Deletes a table; pipelines planned before keep their copy.
     *
     * @throws ApiException 404 when there is none of that id
     */
    void deleteTable(String id);

    /**
     * Tests a table (not saved): its connector validates it, then tries the external system.
     *
     * @param messages receives each step; the last one has {@code done} set
     */
    void testTable(ConnectionTablePost post, Consumer<TestSourceMessage> messages);

    /**
     * Checks a schema.
     *
     * @throws ApiException 400 listing what is wrong
     */
    void testSchema(ConnectionSchema schema);
}
