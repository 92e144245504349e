package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.console.Command;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The REST corpus's idea for the shell: every Nubis command, found in the shell's registry, is
 * given an option it does not have, and each of its options and arguments that names something
 * (an experiment, a cloud, a tag...) a value that names nothing, and each numeric one a value
 * that is no number. Every one must end with a one-line error (no stack trace) and change nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellBadInputIT extends NubisTestSupport {

    private static final Set<String> SCOPES = Set.of("exp", "cloud", "cluster");
    /** Interactive: opens a terminal session to a node. */
    private static final Set<String> SKIPPED = Set.of("cluster:ssh");
    /** Options and arguments whose values name something, by how their field's name ends (userData is a file, not a user). */
    private static final List<String> NAMING = List.of("experiment", "name", "cloud", "tag", "template", "cluster", "kind",
            "image", "flavor", "user", "role", "type");
    private static final String FIXTURE = "shellcorpus";
    private static final long LONG = 180_000L;
    /** Values Karaf's shell passes through single quotes unchanged (no quote, NUL or line break in them). */
    private static final List<String> NO_NAMES = BadRequests.NO_NAMES.stream()
            .filter(v -> !v.contains("'") && !v.contains("\u0000") && !v.contains("\n")).toList();

    @Test
    public void everyMalformedCommandIsAOneLineErrorAndChangesNothing() throws Exception {
        executeCommand("exp:create " + FIXTURE, LONG, true);
        try {
            List<String> corpus = corpus();
            assertTrue("at least 300 commands: " + corpus.size(), corpus.size() >= 300);
            Map<String, String> before = state();
            List<String> wrong = new ArrayList<>();
            for (String line : corpus) {
                try {
                    String out = executeCommand(line, 60_000L, true);
                    wrong.add(line + " succeeded: " + shorten(out));
                } catch (RuntimeException e) {
                    String m = String.valueOf(e.getMessage());
                    if (m.isBlank() || m.contains("\n") || m.contains("Exception") || m.contains("\tat ") || m.length() > 2000) {
                        wrong.add(line + " failed without one clear line: " + shorten(m));
                    }
                }
            }
            assertEquals("nothing changed", before, state());
            long commands = corpus.stream().map(l -> l.substring(0, l.indexOf(' ') < 0 ? l.length() : l.indexOf(' '))).distinct().count();
            System.out.println("shell bad input: " + corpus.size() + " command lines over " + commands + " commands; "
                    + wrong.size() + " wrong");
            assertTrue(wrong.size() + " of " + corpus.size() + ":\n" + String.join("\n", wrong.subList(0, Math.min(40, wrong.size()))),
                    wrong.isEmpty());
        } finally {
            executeCommand("exp:destroy " + FIXTURE, LONG, true);
        }
    }

    /** Lines for every Nubis command: an unknown option, then one bad value at a time with the required ones filled in. */
    private List<String> corpus() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Command command : sessionFactory.getRegistry().getCommands()) {
            String full = command.getScope() + ":" + command.getName();
            if (!SCOPES.contains(command.getScope()) || SKIPPED.contains(full)) {
                continue;
            }
            Class<?> action = (Class<?>) command.getClass().getMethod("getActionClass").invoke(command);
            List<Field> fields = fields(action);
            lines.add(full + " --no-such-option");
            for (Field mutated : fields) {
                for (String value : badValues(mutated)) {
                    lines.add(line(full, fields, mutated, value));
                }
            }
        }
        return lines;
    }

    /** The command with every required option and argument filled in, and the mutated one given the bad value. */
    private static String line(String command, List<Field> fields, Field mutated, String value) {
        StringBuilder options = new StringBuilder(command);
        Map<Integer, String> arguments = new java.util.TreeMap<>();
        for (Field f : fields) {
            String v = f == mutated ? value : required(f) ? fill(f) : null;
            if (v == null) {
                continue;
            }
            Option o = f.getAnnotation(Option.class);
            if (o != null) {
                options.append(' ').append(o.name()).append(' ').append(v);
            } else {
                arguments.put(f.getAnnotation(Argument.class).index(), v);
            }
        }
        arguments.values().forEach(a -> options.append(' ').append(a));
        return options.toString();
    }

    private static boolean required(Field f) {
        Option o = f.getAnnotation(Option.class);
        return o != null ? o.required() : f.getAnnotation(Argument.class).required();
    }

    private static String fill(Field f) {
        return isNumber(f) ? "1" : FIXTURE;
    }

    /** Values that cannot be right for the field: no names for a naming text, no numbers for a number. */
    private static List<String> badValues(Field f) {
        if (isNumber(f)) {
            return List.of("x", "1.5", "99999999999", "''");
        }
        boolean text = f.getType() == String.class || Collection.class.isAssignableFrom(f.getType());
        String name = f.getName().toLowerCase();
        if (text && NAMING.stream().anyMatch(w -> name.endsWith(w) || name.endsWith(w + "s"))) {
            return NO_NAMES.stream().map(v -> "'" + v + "'").toList();
        }
        return List.of();
    }

    private static boolean isNumber(Field f) {
        return f.getType() == int.class || f.getType() == Integer.class || f.getType() == long.class || f.getType() == Long.class;
    }

    private static List<Field> fields(Class<?> action) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = action; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Argument.class)) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String list : List.of("exp:experiments", "exp:list -e " + FIXTURE, "cluster:list", "cloud:list")) {
            state.put(list, executeCommand(list, LONG, true));
        }
        return state;
    }

    private static String shorten(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
