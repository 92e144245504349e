package org.nubis.rest;

import java.security.Principal;
import javax.ws.rs.core.SecurityContext;
import org.nubis.api.auth.Caller;
import org.nubis.api.auth.Role;

/** The logged-in caller of a request, as JAX-RS's security context. */
final class CallerContext implements SecurityContext {

    private final Caller caller;
    private final String via;
    private final boolean secure;

    CallerContext(Caller caller, String via, boolean secure) {
        this.caller = caller;
        this.via = via;
        this.secure = secure;
    }

    /** The principal carries the caller: resources get a proxy of the security context, not this object. */
    record CallerPrincipal(Caller caller, String via) implements Principal {
        @Override
        public String getName() {
            return caller.user();
        }
    }

    static Caller caller(SecurityContext context) {
        return principal(context).caller();
    }

    static String via(SecurityContext context) {
        return principal(context).via();
    }

    private static CallerPrincipal principal(SecurityContext context) {
        if (context.getUserPrincipal() instanceof CallerPrincipal p) {
            return p;
        }
        throw new IllegalStateException("no caller: the request did not pass the authentication filter");
    }

    @Override
    public Principal getUserPrincipal() {
        return new CallerPrincipal(caller, via);
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.role().allows(Role.of(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "token".equals(via) ? "Bearer" : BASIC_AUTH;
    }
}
