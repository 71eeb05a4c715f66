package org.wadi.api.service;

import java.util.List;

/**
 * The schema of a connection table, as Arroyo's {@code ConnectionSchema}.
 *
 * @param format the format, as Arroyo writes it: a name ({@code "json"}) or an object of one key, the
 *     name, whose value holds the format's options ({@code {"json": {"unstructured": false}}}); or {@code null}
 * @param badData {@code fail} or {@code drop} (a name or Arroyo's one-key object), or {@code null}
 * @param framing {@code newline} (a name or Arroyo's one-key object), or {@code null}
 * @param fields the columns (empty when the connector gives them)
 * @param definition the schema as a document, or {@code null}
 * @param inferred whether the columns were inferred, or {@code null}
 * @param primaryKeys the columns of the primary key
 */
public record ConnectionSchema(Object format, Object badData, Object framing, List<SourceField> fields,
        SchemaDefinition definition, Boolean inferred, List<String> primaryKeys) {

    public ConnectionSchema {
        fields = fields == null ? List.of() : List.copyOf(fields);
        primaryKeys = primaryKeys == null ? List.of() : List.copyOf(primaryKeys);
    }
}
