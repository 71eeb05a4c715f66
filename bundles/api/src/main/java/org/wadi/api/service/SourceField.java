package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A column of a connection table's schema, as Arroyo's {@code SourceField}.
 *
 * @param name the column's name
 * @param type {@code int32}, {@code int64}, {@code uint32}, {@code uint64}, {@code f32}, {@code f64},
 *     {@code bool}, {@code string}, {@code bytes}, {@code timestamp}, {@code json}, {@code struct}
 *     or {@code list}
 * @param required whether it is NOT NULL
 * @param sqlName its SQL type, as the server writes it; ignored in requests
 * @param metadataKey the connector's metadata key that fills it ({@code METADATA FROM 'key'}), or {@code null}
 * @param unit a timestamp's unit: {@code second}, {@code millisecond} (default), {@code microsecond}, {@code nanosecond}
 * @param fields a struct's fields
 * @param items a list's element
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceField(String name, String type, boolean required, String sqlName, String metadataKey, String unit,
        List<SourceField> fields, SourceField items) {
}
