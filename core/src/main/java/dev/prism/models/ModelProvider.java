package dev.prism.models;

import java.util.List;

/**
 * Models of your own for every Prism command and job: implement this, list the class in
 * {@code META-INF/services/dev.prism.models.ModelProvider} of your jar, and put the jar on the
 * class path; {@link ModelRegistry#available()} finds it with {@link java.util.ServiceLoader}.
 */
public interface ModelProvider {

    /** The models this provider adds; a name the zoo already has is refused. */
    List<ModelSpec> models();
}
