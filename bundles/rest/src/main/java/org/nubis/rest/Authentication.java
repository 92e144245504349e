package org.nubis.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Response;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * Every request logs in: HTTP Basic against Karaf's JAAS realm (etc/users.properties by default).
 * Reading needs the viewer role, changing needs operator; admin may do everything. Failures are
 * 401 or 403 with the usual JSON error; the password is never logged or echoed.
 */
@Priority(Priorities.AUTHENTICATION)
final class Authentication implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final String realm;

    Authentication(String realm) {
        this.realm = realm;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            request.abortWith(unauthorized("log in: HTTP Basic with a Nubis user (etc/users.properties)"));
            return;
        }
        String[] credentials = decode(header.substring(6).trim());
        if (credentials == null) {
            request.abortWith(unauthorized("the Authorization header is not valid HTTP Basic"));
            return;
        }
        Subject subject = new Subject();
        try {
            new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(credentials[0]);
                    } else if (callback instanceof PasswordCallback password) {
                        password.setPassword(credentials[1].toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            }).login();
        } catch (LoginException e) {
            request.abortWith(unauthorized("wrong user name or password"));
            return;
        }
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .collect(Collectors.toSet());
        Role has = Role.highest(roles);
        Role needs = READS.contains(request.getMethod()) ? Role.VIEWER : Role.OPERATOR;
        if (has == null || !has.allows(needs)) {
            request.abortWith(ErrorMapper.error(403, "forbidden", "user '" + credentials[0] + "' needs the " + needs.label()
                    + " role for " + request.getMethod() + " /" + request.getUriInfo().getPath()
                    + (has == null ? " and has no Nubis role" : " and has " + has.label())));
        }
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

    private static Response unauthorized(String detail) {
        return Response.fromResponse(ErrorMapper.error(401, "unauthorized", detail))
                .header("WWW-Authenticate", "Basic realm=\"nubis\"").build();
    }
}
