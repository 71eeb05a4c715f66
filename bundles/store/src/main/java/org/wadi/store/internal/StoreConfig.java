package org.wadi.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The store's configuration, PID {@code org.wadi.store}. Every key can be overridden by the
 * environment variable {@code WADI_<KEY>} (upper case, dots as underscores), e.g.
 * {@code WADI_DATABASE_URL}.
 */
@ObjectClassDefinition(
        id = "org.wadi.store",
        name = "Wadi store",
        description = "Where Wadi keeps pipelines, jobs and their history: a PostgreSQL database, "
                + "or an embedded PostgreSQL when no database URL is set.")
public @interface StoreConfig {

    @AttributeDefinition(name = "Database URL",
            description = "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/wadi?user=wadi&password=secret. "
                    + "Empty: start an embedded PostgreSQL in database.embedded.dir.")
    String database_url() default "";

    @AttributeDefinition(name = "Database user",
            description = "User for database.url; empty: the one in the URL (or the driver's default).")
    String database_user() default "";

    @AttributeDefinition(name = "Database password", type = AttributeType.PASSWORD,
            description = "Password for database.url; empty: the one in the URL, if any.")
    String database_password() default "";

    @AttributeDefinition(name = "Connection pool size",
            description = "Most connections the store keeps open to the database (one more is held for change notifications).")
    int database_pool_size() default 8;

    @AttributeDefinition(name = "Embedded PostgreSQL data directory",
            description = "Data directory of the embedded PostgreSQL (used when database.url is empty). "
                    + "Empty: ${karaf.data}/postgres. The data survives restarts.")
    String database_embedded_dir() default "";

    @AttributeDefinition(name = "Embedded PostgreSQL port",
            description = "Port the embedded PostgreSQL listens on, on localhost only. 0 picks a free port at every start.")
    int database_embedded_port() default 0;

    @AttributeDefinition(name = "Secret key", type = AttributeType.PASSWORD,
            description = "Key that encrypts the secret options of connection profiles and tables at rest (AES-256-GCM): "
                    + "base64 of 32 bytes, e.g. from: head -c 32 /dev/urandom | base64. Empty: the key in "
                    + "${karaf.data}/secret.key, generated (readable by its owner only) on first start. Changing it makes "
                    + "the saved secrets unreadable.")
    String secret_key() default "";
}
