package org.nubis.rest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.Priority;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.nubis.api.auth.ApiKeys;
import org.nubis.api.auth.AuthenticationException;
import org.nubis.api.auth.Caller;
import org.nubis.api.auth.Role;
import org.nubis.rest.openapi.Doc;

/**
 * Every request logs in, except those to methods documented as public ({@link Doc#publicAccess()}): HTTP Basic against Karaf's JAAS
 * realm (etc/users.properties by default), or a bearer token from {@code POST /auth/token}.
 * Reading needs the viewer role, changing needs operator, unless the method says otherwise
 * ({@link Needs}). Failures are 401 or 403 with the usual JSON error; credentials are never
 * logged or echoed.
 */
@Priority(Priorities.AUTHENTICATION)
final class Authentication implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final String realm;
    private final ApiKeys keys;
    private final LoginThrottle throttle;
    private final VerifiedLogins verified = new VerifiedLogins(Clock.systemUTC());

    @Context
    private ResourceInfo resource;
    @Context
    private HttpServletRequest servletRequest;

    Authentication(String realm, ApiKeys keys, LoginThrottle throttle) {
        this.realm = realm;
        this.keys = keys;
        this.throttle = throttle;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Method method = resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(Doc.class) && method.getAnnotation(Doc.class).publicAccess()) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        Caller caller;
        String via;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                caller = keys.verify(header.substring(7).trim());
                via = "token";
            } catch (AuthenticationException e) {
                request.abortWith(unauthorized(e.code(), e.getMessage(), "Bearer error=\"invalid_token\""));
                return;
            }
        } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            caller = basic(header.substring(6).trim(), servletRequest.getRemoteAddr());
            if (caller == null) {
                request.abortWith(unauthorized("unauthorized", "wrong user name or password, or not valid HTTP Basic",
                        "Basic realm=\"nubis\""));
                return;
            }
            via = "basic";
        } else {
            request.abortWith(unauthorized("unauthorized", "log in: HTTP Basic with a Nubis user, or a bearer token "
                    + "from POST /nubis/api/v1/auth/token", "Basic realm=\"nubis\""));
            return;
        }
        Role needs = needed(method, request.getMethod());
        if (caller.role() == null || !caller.role().allows(needs)) {
            request.abortWith(ErrorMapper.error(403, "forbidden", "user '" + caller.user() + "' needs the " + needs.label()
                    + " role for " + request.getMethod() + " /" + request.getUriInfo().getPath()
                    + (caller.role() == null ? " and has no Nubis role" : " and has " + caller.role().label())));
            return;
        }
        request.setSecurityContext(new CallerContext(caller, via, request.getSecurityContext().isSecure()));
    }

    private static Role needed(Method method, String httpMethod) {
        Needs needs = method == null ? null : method.getAnnotation(Needs.class);
        if (needs == null && method != null) {
            needs = method.getDeclaringClass().getAnnotation(Needs.class);
        }
        return needs != null ? needs.value() : READS.contains(httpMethod) ? Role.VIEWER : Role.OPERATOR;
    }

    /**
     * The caller of valid Basic credentials (role null when the user has no Nubis role), else null.
     *
     * @throws LoginThrottle.TooManyAttempts when logins from the address, or for the user, are refused for now
     */
    private Caller basic(String token, String address) {
        String[] credentials = decode(token);
        if (credentials == null) {
            return null;
        }
        throttle.check(credentials[0], address);
        Set<String> roles = verified.roles(credentials[0], credentials[1]);
        if (roles == null) {
            roles = login(credentials[0], credentials[1]);
            if (roles == null) {
                throttle.failed(credentials[0], address);
                return null;
            }
            if (Role.highest(roles) != null) {
                // a login without a Nubis role is not remembered: a user being added (jaas:update
                // writes the user, then its roles) must not be held without them for a minute
                verified.remember(credentials[0], credentials[1], roles);
            }
        }
        throttle.succeeded(credentials[0], address);
        return new Caller(credentials[0], Role.highest(roles), null);
    }

    /** The user's roles when the realm takes the password, else null. */
    private Set<String> login(String user, String password) {
        Subject subject = new Subject();
        try {
            new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            }).login();
        } catch (LoginException e) {
            return null;
        }
        return subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName).collect(Collectors.toSet());
    }

    private static String[] decode(String token) {
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon <= 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response unauthorized(String code, String detail, String challenge) {
        return Response.fromResponse(ErrorMapper.error(401, code, detail)).header("WWW-Authenticate", challenge).build();
    }
}
