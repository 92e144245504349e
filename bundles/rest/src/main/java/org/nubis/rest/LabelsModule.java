package org.nubis.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.function.Function;
import org.nubis.api.auth.Role;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.SetupState;

/** States as clouds and the shell spell them ({@code running}, {@code setting-up}), not as Java names. */
final class LabelsModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    LabelsModule() {
        super("nubis-labels");
        addSerializer(InstanceState.class, label(InstanceState::label));
        addSerializer(ClusterState.class, label(ClusterState::label));
        addSerializer(SetupState.class, label(SetupState::label));
        addSerializer(Role.class, label(Role::label));
    }

    private static <E> JsonSerializer<E> label(Function<E, String> label) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(E value, JsonGenerator out, SerializerProvider serializers) throws IOException {
                out.writeString(label.apply(value));
            }
        };
    }
}
