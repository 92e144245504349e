package org.nubis.shell.fakes;

import java.lang.reflect.Field;

/** Sets a command's or completer's {@code @Reference} field the way Karaf does: by reflection, private ones too. */
public final class Inject {

    private Inject() {
    }

    public static <T> T field(T target, String name, Object value) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return target;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(target.getClass().getSimpleName() + " has no field " + name);
    }
}
