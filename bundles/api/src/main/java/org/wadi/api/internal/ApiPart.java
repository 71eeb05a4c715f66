package org.wadi.api.internal;

/**
 * A piece of the REST API — a resource, an extension or the application itself — registered as a DS
 * component under this interface (besides its own types) and marked with {@link ApiResource},
 * {@link ApiExtension} or {@link ApiApplicationBase}. Parts never go on the JAX-RS whiteboard
 * themselves: {@link ApiPublisher} puts them there, one at a time, once the whiteboard is up.
 */
public interface ApiPart {

    /**
     * Selects the resource parts themselves, not their copies on the whiteboard (which carry the same
     * types): the target of references to a resource.
     */
    String RESOURCE = "(wadi.api.resource=true)";
}
