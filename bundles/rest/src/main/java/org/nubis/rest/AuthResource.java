package org.nubis.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;
import org.nubis.api.auth.AccessToken;
import org.nubis.api.auth.ApiKey;
import org.nubis.api.auth.ApiKeys;
import org.nubis.api.auth.AuthenticationException;
import org.nubis.api.auth.Caller;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.rest.openapi.Doc;

/** Who is calling, API keys, and the exchange of a key for a bearer token. */
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** Request bodies. */
    public record TokenRequest(String accessKey, String secret) {
        @Override
        public String toString() {
            return "TokenRequest[" + accessKey + "]";
        }
    }

    public record KeyRequest(String description, String role) {
    }

    /** Answers. */
    public record Token(String token, String tokenType, long expiresIn, java.time.Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    public record Whoami(String user, Role role, String via, String accessKey) {
    }

    private final ApiKeys keys;
    private final LoginThrottle throttle;

    AuthResource(ApiKeys keys, LoginThrottle throttle) {
        this.keys = keys;
        this.throttle = throttle;
    }

    @POST
    @Path("token")
    @Doc(value = "Exchange an API key for a short-lived bearer token", publicAccess = true)
    public Token token(TokenRequest body, @Context HttpServletRequest request) {
        if (body == null) {
            throw new InvalidRequestException("send {\"accessKey\": ..., \"secret\": ...}");
        }
        // a key's secret is guessed like a password, and throttled like one
        String address = request.getRemoteAddr();
        throttle.check(String.valueOf(body.accessKey()), address);
        AccessToken t;
        try {
            t = keys.exchange(body.accessKey(), body.secret());
        } catch (AuthenticationException e) {
            throttle.failed(String.valueOf(body.accessKey()), address);
            throw e;
        }
        throttle.succeeded(String.valueOf(body.accessKey()), address);
        return new Token(t.token(), "Bearer", t.expiresIn(), t.expiresAt());
    }

    @GET
    @Path("whoami")
    @Doc("Who the caller is, with which role, logged in how")
    public Whoami whoami(@Context SecurityContext security) {
        Caller c = CallerContext.caller(security);
        return new Whoami(c.user(), c.role(), CallerContext.via(security), c.accessKey());
    }

    @GET
    @Path("keys")
    @Doc("API keys: the caller's own, or with ?user= (admin) another user's; admins see all by default")
    public Page<ApiKey> list(@Context SecurityContext security, @QueryParam("user") String user,
                             @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Caller c = CallerContext.caller(security);
        boolean admin = c.role().allows(Role.ADMIN);
        if (user != null && !user.equals(c.user()) && !admin) {
            throw new ForbiddenException("only an admin may list another user's keys");
        }
        return Page.of(keys.keys(user != null ? user : admin ? null : c.user()), offset, limit);
    }

    @POST
    @Path("keys")
    @Needs(Role.VIEWER)
    @Doc(value = "Create an API key (its secret is shown only in this answer)", status = 201, returns = Map.class)
    public Response create(@Context SecurityContext security, KeyRequest body) {
        Caller c = CallerContext.caller(security);
        Role role = body == null || body.role() == null ? c.role() : Role.of(body.role());
        if (!c.role().allows(role)) {
            throw new ForbiddenException("user '" + c.user() + "' has the " + c.role().label()
                    + " role and cannot make a key with more (" + role.label() + ")");
        }
        NewApiKey created = keys.create(c.user(), role, body == null ? null : body.description());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", created.key());
        out.put("secret", created.secret());
        return Response.status(201).entity(out).build();
    }

    @GET
    @Path("keys/{accessKey}")
    @Doc("One API key")
    public ApiKey get(@Context SecurityContext security, @PathParam("accessKey") String accessKey) {
        return visible(CallerContext.caller(security), keys.key(accessKey));
    }

    @DELETE
    @Path("keys/{accessKey}")
    @Needs(Role.VIEWER)
    @Doc("Revoke an API key (own, or any as admin); its tokens stop working at once")
    public ApiKey revoke(@Context SecurityContext security, @PathParam("accessKey") String accessKey) {
        visible(CallerContext.caller(security), keys.key(accessKey));
        return keys.revoke(accessKey);
    }

    /** Another user's key is not found, not forbidden: its existence is not the caller's business. */
    private static ApiKey visible(Caller c, ApiKey key) {
        if (!key.user().equals(c.user()) && !c.role().allows(Role.ADMIN)) {
            throw new NotFoundException("no API key '" + key.accessKey() + "'");
        }
        return key;
    }

}
