package org.nubis.rest.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import javax.ws.rs.core.Response;
import org.glassfish.jersey.model.Parameter.Source;
import org.glassfish.jersey.server.model.Parameter;

/** The request body and the responses of an operation. */
final class BodyFactory {

    /** The shared error body, {@code {"error": CODE, "detail": TEXT}}. */
    static final String ERROR = "Error";

    /** What every operation may answer besides its success, with the codes the API uses for each. */
    private static final Map<Integer, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put(400, "The request is not valid (invalid_request)");
        ERRORS.put(401, "Not logged in, or the token has expired or its key was revoked"
                + " (unauthorized, token_expired, key_revoked)");
        ERRORS.put(403, "The caller's role does not allow this (forbidden)");
        ERRORS.put(404, "No such resource (not_found)");
        ERRORS.put(409, "The current state does not allow this (conflict, phase_failed, operation_finished)");
    }

    private final SchemaFactory schemas;
    private final ObjectMapper mapper;

    BodyFactory(SchemaFactory schemas, ObjectMapper mapper) {
        this.schemas = schemas;
        this.mapper = mapper;
    }

    /** The schema of {@link #ERROR}. */
    ObjectNode errorSchema() {
        ObjectNode schema = mapper.createObjectNode().put("type", "object");
        schema.putArray("required").add("error").add("detail");
        ObjectNode properties = schema.putObject("properties");
        properties.set("error", schemas.string(null).put("description", "A stable code, e.g. not_found"));
        properties.set("detail", schemas.string(null).put("description", "What went wrong, for people"));
        return schema;
    }

    /** The request body: the one parameter without a JAX-RS annotation; null when there is none. */
    ObjectNode requestBody(Endpoint endpoint) {
        Parameter entity = endpoint.method().getInvocable().getParameters().stream()
                .filter(p -> p.getSource() == Source.ENTITY).findFirst().orElse(null);
        if (entity == null) {
            return null;
        }
        List<String> mediaTypes = MediaTypes.declared(endpoint.method().getConsumedTypes());
        if (mediaTypes.isEmpty()) {
            mediaTypes = List.of(MediaTypes.fallback(entity.getRawType()));
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("content", content(mediaTypes, entity.getType()));
        return body;
    }

    ObjectNode responses(Endpoint endpoint) {
        Doc doc = endpoint.doc();
        boolean publicAccess = doc != null && doc.publicAccess();
        List<String> mediaTypes = doc != null && !doc.produces().isEmpty() ? List.of(doc.produces())
                : MediaTypes.declared(endpoint.method().getProducedTypes());
        boolean streams = mediaTypes.contains(MediaTypes.EVENTS);
        Type body = successBody(endpoint, doc);
        int declared = doc != null ? doc.status() : 200;
        boolean empty = declared == 204 || declared == 304 || body == null && !streams;
        int status = empty && declared == 200 ? 204 : declared; // 204 is what JAX-RS answers for a void method
        ObjectNode responses = mapper.createObjectNode();
        ObjectNode success = responses.putObject(String.valueOf(status)).put("description", reason(status));
        if (!empty) {
            Type type = body == null ? Object.class : body;
            success.set("content", content(mediaTypes.isEmpty() ? List.of(MediaTypes.fallback(Types.raw(type)))
                    : mediaTypes, type));
        }
        if (doc != null && doc.alsoStatus() != 0 && doc.alsoStatus() != status) {
            responses.set(String.valueOf(doc.alsoStatus()),
                    success.deepCopy().put("description", reason(doc.alsoStatus())));
        }
        ERRORS.forEach((code, description) -> {
            if (code != status && !(publicAccess && (code == 401 || code == 403))) {
                ObjectNode error = responses.putObject(String.valueOf(code)).put("description", description);
                error.putObject("content").putObject(MediaTypes.JSON).set("schema", schemas.ref(ERROR));
            }
        });
        return responses;
    }

    /**
     * The Java type of the success body: @Doc's when it names one, else the method's return type, seen
     * through futures. Null when there is no body (void); Object when a Response hides it.
     */
    private static Type successBody(Endpoint endpoint, Doc doc) {
        if (doc != null && doc.returns() != Void.class) {
            return doc.returnsList() ? new Types.Parameterized(List.class, new Type[] {doc.returns()}) : doc.returns();
        }
        Type type = endpoint.javaMethod().getGenericReturnType();
        while (CompletionStage.class.isAssignableFrom(Types.raw(type)) || Future.class.isAssignableFrom(Types.raw(type))) {
            type = Types.argument(type, 0);
        }
        Class<?> raw = Types.raw(type);
        if (raw == void.class || raw == Void.class) {
            return null;
        }
        return Response.class.isAssignableFrom(raw) ? Object.class : type;
    }

    private ObjectNode content(List<String> mediaTypes, Type type) {
        ObjectNode content = mapper.createObjectNode();
        for (String mediaType : mediaTypes) {
            ObjectNode schema = MediaTypes.structured(mediaType) ? schemas.schemaFor(type)
                    : MediaTypes.text(mediaType) ? schemas.string(null) : schemas.string("binary");
            content.putObject(mediaType).set("schema", schema);
        }
        return content;
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Success";
    }
}
