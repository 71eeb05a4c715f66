package org.wadi.formats;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Gives the schema registered under an id, for payloads in Confluent's wire format (Avro
 * schemas as JSON text, Protobuf schemas as the registry returns them). The connector supplies it,
 * usually from its Schema Registry client; decoders cache what it returns per id.
 */
@ConsumerType
@FunctionalInterface
public interface SchemaResolver {

    /** Resolves nothing: payloads must be decodable with the table's own schema. */
    SchemaResolver NONE = id -> {
        throw new IllegalStateException("no schema registry is configured to resolve schema id " + id);
    };

    /**
     * The schema text registered under {@code id}.
     *
     * @throws Exception when the registry cannot be reached or does not know the id
     */
    String schema(int id) throws Exception;
}
