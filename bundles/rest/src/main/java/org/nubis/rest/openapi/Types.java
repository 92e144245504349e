package org.nubis.rest.openapi;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generic types made concrete: {@code Page<T>} seen as {@code Page<Machine>} must describe its items as
 * instances, so type variables are replaced by what they stand for before a schema is made.
 */
final class Types {

    private Types() {
    }

    /** The type with every variable replaced by its binding, or, when unbound, by its bound's erasure. */
    static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof Class<?>) {
            return type;
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = Arrays.stream(p.getActualTypeArguments()).map(a -> resolve(a, bindings)).toArray(Type[]::new);
            return new Parameterized(raw(p), args);
        }
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            // Erasure, not resolution, of the bound: T extends Comparable<T> would otherwise loop.
            return bound != null ? bound : raw(v.getBounds()[0]);
        }
        if (type instanceof WildcardType w) {
            return w.getLowerBounds().length > 0 ? Object.class : resolve(w.getUpperBounds()[0], bindings);
        }
        if (type instanceof GenericArrayType g) {
            Type component = resolve(g.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? c.arrayType() : new ArrayOf(component);
        }
        return Object.class;
    }

    /** What the type variables of a (resolved) parameterized type stand for; empty for a plain class. */
    static Map<TypeVariable<?>, Type> bindings(Type type) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] variables = raw(p).getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < args.length; i++) {
                bindings.put(variables[i], args[i]);
            }
        }
        return bindings;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return raw(g.getGenericComponentType()).arrayType();
        }
        if (type instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** The type argument at {@code index}, or Object when the type is raw. */
    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && index < p.getActualTypeArguments().length) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    /** Identity of a resolved type: full class names with arguments, e.g. {@code a.Page<b.Instance>}. */
    static String key(Type type) {
        return name(type, Class::getName, "<", ",", ">");
    }

    /** A schema name, e.g. {@code Page_Instance}. */
    static String simpleName(Type type) {
        return name(type, Class::getSimpleName, "_", "_", "");
    }

    /** A schema name that tells classes of the same simple name apart, e.g. {@code org.x.Page_org.y.Instance}. */
    static String qualifiedName(Type type) {
        return name(type, c -> c.getName().replace('$', '.'), "_", "_", "");
    }

    private static String name(Type type, java.util.function.Function<Class<?>, String> className,
                               String open, String separator, String close) {
        if (type instanceof ParameterizedType p) {
            return className.apply(raw(p)) + Arrays.stream(p.getActualTypeArguments())
                    .map(a -> name(a, className, open, separator, close))
                    .collect(Collectors.joining(separator, open, close));
        }
        if (type instanceof GenericArrayType || type instanceof Class<?> c && c.isArray()) {
            Type component = type instanceof GenericArrayType g ? g.getGenericComponentType()
                    : ((Class<?>) type).getComponentType();
            return name(component, className, open, separator, close) + "Array";
        }
        return className.apply(raw(type));
    }

    /** A parameterized type whose arguments are all resolved. */
    record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }

    /** An array of a parameterized type, e.g. {@code List<String>[]}. */
    record ArrayOf(Type component) implements GenericArrayType {
        @Override
        public Type getGenericComponentType() {
            return component;
        }
    }
}
