package org.wadi.api.service;

import org.osgi.annotation.versioning.ProviderType;

/** Saved Java source functions (Arroyo's global UDFs) and the listing of every user-defined function. */
@ProviderType
public interface UdfService {

    /** Compiles a function without saving it. */
    UdfValidationResult validate(ValidateUdfPost post);

    /**
     * Compiles and saves a function, offered to every pipeline planned from now on.
     *
     * @throws ApiException 400 when it does not compile or its language is not Java; 409 when a
     *     function of that name is saved already
     */
    GlobalUdf create(UdfPost post);

    /** The saved functions, then the function services of installed bundles. */
    GlobalUdfCollection list();

    /**
     * Deletes a saved function; pipelines planned before keep their copy.
     *
     * @throws ApiException 404 when there is none of that id
     */
    void delete(String id);
}
