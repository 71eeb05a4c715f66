package org.wadi.api.service;

/**
 * A schema given as a document rather than as fields, as Arroyo's {@code SchemaDefinition}.
 *
 * @param type {@code json_schema} (a JSON Schema of an object) or {@code raw_schema} (free text, for
 *     {@code raw_string} tables); Arroyo's camelCase spellings are accepted
 * @param schema the document
 */
public record SchemaDefinition(String type, String schema) {
}
