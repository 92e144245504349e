package org.nubis.shell.fakes;

import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

/**
 * Karaf console sessions and terminals without a console: only what commands ask of them (the
 * console stream, the terminal's type and width, the current directory, session variables).
 */
public final class Consoles {

    private Consoles() {
    }

    /** A terminal of this type and width ({@code xterm}, 120: a person at a console; {@code dumb}, 0: a script). */
    public static Terminal terminal(String type, int width) {
        return (Terminal) Proxy.newProxyInstance(Consoles.class.getClassLoader(), new Class<?>[] {Terminal.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getType" -> type;
                    case "getWidth" -> width;
                    case "getHeight" -> 40;
                    case "isAnsiSupported" -> width > 0;
                    case "isEchoEnabled" -> false;
                    case "toString" -> "terminal " + type;
                    default -> null;
                });
    }

    public static Session session(PrintStream console, Terminal terminal, Path currentDir) {
        Map<String, Object> variables = new HashMap<>();
        return (Session) Proxy.newProxyInstance(Consoles.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConsole" -> console;
                    case "getTerminal" -> terminal;
                    case "currentDir" -> args == null ? currentDir : null;
                    case "get" -> variables.get((String) args[0]);
                    case "put" -> variables.put((String) args[0], args[1]);
                    case "toString" -> "session in " + currentDir;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("the test session has no " + method.getName());
                });
    }
}
