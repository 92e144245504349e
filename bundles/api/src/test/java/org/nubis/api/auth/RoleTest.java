package org.nubis.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;

class RoleTest {

    @Test
    void aRoleIsNamedByItsLabelExactly() {
        assertEquals(Role.ADMIN, Role.of("admin"));
        assertEquals(Role.VIEWER, Role.of("viewer"));
        for (String near : new String[] {"ADMIN", "admin ", " admin", "Admin", "", null}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Role.of(near), String.valueOf(near));
            assertEquals("unknown role '" + near + "': use viewer, operator or admin", e.getMessage());
        }
    }
}
