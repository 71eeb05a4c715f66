package org.wadi.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The saved Java source functions. An OSGi service of the store. */
@ProviderType
public interface UdfStore {

    /**
     * Saves a function.
     *
     * @return {@code false} when a function of that name is saved already (nothing is written)
     */
    boolean createUdf(Udf udf);

    /** Every saved function, oldest first. */
    List<Udf> listUdfs();

    /** The function of that id. */
    Optional<Udf> getUdf(String id);

    /** Deletes a function; {@code false} if there was none of that id. */
    boolean deleteUdf(String id);
}
