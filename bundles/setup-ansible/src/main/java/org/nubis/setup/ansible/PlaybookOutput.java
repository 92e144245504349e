package org.nubis.setup.ansible;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubis.setup.support.SetupMessages;

/**
 * Reads ansible-playbook's output (the default stdout callback, no colour) line by line as it comes:
 * the PLAY RECAP's counts per host, the failure that stopped each host with Ansible's message
 * ({@code fatal: [host]: FAILED! => {"msg": ...}}, {@code failed: [host] (item=...) => {...}}; failures
 * followed by {@code ...ignoring} do not count), unreachable hosts, ERROR! lines, and each host's own
 * lines under their PLAY and TASK headers. Thread-confined: one reader thread feeds it; read the
 * results after the process ended.
 */
final class PlaybookOutput implements Consumer<String> {

    /** One host's line of the PLAY RECAP. */
    record Recap(int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {
        String counts() {
            return "ok=" + ok + " changed=" + changed;
        }
    }

    private static final int HOST_LOG_LIMIT = 64 * 1024;
    private static final Pattern HEADER = Pattern.compile("^(PLAY|TASK|RUNNING HANDLER) \\[(.*)\\] \\*+\\s*$");
    private static final Pattern RECAP_HEADER = Pattern.compile("^PLAY RECAP \\*+\\s*$");
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s+:\\s+ok=(\\d+)\\s+changed=(\\d+)\\s+"
            + "unreachable=(\\d+)\\s+failed=(\\d+)(?:\\s+skipped=(\\d+))?(?:\\s+rescued=(\\d+))?(?:\\s+ignored=(\\d+))?\\s*$");
    private static final Pattern RESULT = Pattern.compile(
            "^(ok|changed|fatal|failed|skipping|rescued|ignored|FAILED - RETRYING): \\[([^\\]]+)\\](.*)$");

    private final Map<String, Recap> recap = new LinkedHashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, String> failureTask = new HashMap<>();
    private final Map<String, String> unreachable = new HashMap<>();
    private final Map<String, StringBuilder> logs = new HashMap<>();
    private final Map<String, String> loggedHeader = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private String play;
    private String header;
    private String task;
    private boolean inRecap;
    private String lastHost;
    private String lastFailedHost;
    // a result whose JSON goes on over the next lines
    private String pendingHost;
    private String pendingStatus;
    private String pendingLine;
    private StringBuilder pendingJson;
    private AnsibleJson.Lines pendingEnd;

    @Override
    public void accept(String line) {
        if (pendingJson != null) {
            pendingJson.append('\n').append(line);
            log(pendingHost, line);
            if (pendingEnd.complete(line)) {
                String json = pendingJson.toString();
                pendingJson = null;
                result(pendingHost, pendingStatus, pendingLine, json);
            }
            return;
        }
        Matcher m = HEADER.matcher(line);
        if (RECAP_HEADER.matcher(line).matches()) {
            inRecap = true;
            header = line;
            return;
        }
        if (m.matches()) {
            inRecap = false;
            header = line;
            if (m.group(1).equals("PLAY")) {
                play = m.group(2);
                task = null;
            } else {
                task = m.group(2);
            }
            return;
        }
        if (inRecap) {
            Matcher r = RECAP.matcher(line);
            if (r.matches()) {
                recap.put(r.group(1), new Recap(num(r.group(2)), num(r.group(3)), num(r.group(4)), num(r.group(5)),
                        num(r.group(6)), num(r.group(7)), num(r.group(8))));
                log(r.group(1), line);
                return;
            }
        }
        Matcher r = RESULT.matcher(line);
        if (r.matches()) {
            String host = host(r.group(2));
            String status = r.group(1);
            String rest = r.group(3);
            lastHost = host;
            log(host, line);
            int arrow = rest.indexOf("=> ");
            String json = arrow >= 0 ? rest.substring(arrow + 3).trim() : null;
            if (json != null && json.startsWith("{")) {
                AnsibleJson.Lines end = new AnsibleJson.Lines();
                if (!end.complete(json)) {
                    pendingHost = host;
                    pendingStatus = status;
                    pendingLine = rest;
                    pendingJson = new StringBuilder(json);
                    pendingEnd = end;
                    return;
                }
            }
            result(host, status, rest, json);
            return;
        }
        if (line.strip().equals("...ignoring")) {
            if (lastFailedHost != null && header != null && header.equals(failureTask.get(lastFailedHost))) {
                failures.remove(lastFailedHost);
                failureTask.remove(lastFailedHost);
            }
            if (lastHost != null) {
                log(lastHost, line);
            }
            return;
        }
        if (line.startsWith("ERROR!") || line.startsWith("[ERROR]")) {
            errors.add(line.strip());
        }
    }

    private void result(String host, String status, String rest, String json) {
        if (!status.equals("fatal") && !status.equals("failed")) {
            return;
        }
        Map<String, Object> result = AnsibleJson.object(json);
        if (rest.contains("UNREACHABLE!") || (result != null && Boolean.TRUE.equals(result.get("unreachable")))) {
            unreachable.putIfAbsent(host, SetupMessages.oneLine(result != null && result.get("msg") instanceof String s ? s : rest));
            return;
        }
        // The last failure is the one that stopped the host: an earlier one was rescued (or ignored).
        lastFailedHost = host;
        String message = result != null ? message(result) : json != null ? json : rest.trim();
        if (task != null) {
            message = message + " (task: " + task + ")";
        }
        failures.put(host, SetupMessages.oneLine(message));
        failureTask.put(host, header);
    }

    /** Ansible's message of a failed result, with the command's last stderr line for a non-zero exit. */
    @SuppressWarnings("unchecked")
    static String message(Map<String, Object> result) {
        String msg = result.get("msg") instanceof String s ? s.strip() : "";
        if (msg.isEmpty() && result.get("results") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("failed"))) {
                    return message((Map<String, Object>) map);
                }
            }
        }
        Object rc = result.get("rc");
        String stderr = SetupMessages.lastLine(result.get("stderr") instanceof String s ? s : null);
        String stdout = SetupMessages.lastLine(result.get("stdout") instanceof String s ? s : null);
        if (msg.isEmpty() || msg.equals("non-zero return code")) {
            String detail = stderr != null ? stderr : stdout;
            String base = msg.isEmpty() ? "failed" : msg;
            if (rc != null) {
                base = base + " " + rc;
            }
            return detail == null ? base : base + ": " + detail;
        }
        return msg;
    }

    private void log(String host, String line) {
        StringBuilder log = logs.computeIfAbsent(host, h -> new StringBuilder());
        if (log.length() > HOST_LOG_LIMIT) {
            return;
        }
        if (header != null && !header.equals(loggedHeader.get(host))) {
            if (play != null && header.startsWith("TASK") && !("PLAY [" + play + "]").equals(loggedHeader.get(host + "\0play"))) {
                log.append("PLAY [").append(play).append("]\n");
                loggedHeader.put(host + "\0play", "PLAY [" + play + "]");
            }
            log.append(header.replaceAll("\\s*\\*+\\s*$", "")).append('\n');
            loggedHeader.put(host, header);
        }
        log.append(line).append('\n');
        if (log.length() > HOST_LOG_LIMIT) {
            log.append("... (more in the run's ansible.log)\n");
        }
    }

    Map<String, Recap> recap() {
        return recap;
    }

    /** The host's failure that counted (its last one, not ignored): Ansible's message and the task, one line. */
    String failure(String host) {
        return failures.get(host);
    }

    String unreachable(String host) {
        return unreachable.get(host);
    }

    String log(String host) {
        StringBuilder log = logs.get(host);
        return log == null ? "" : log.toString();
    }

    List<String> errors() {
        return errors;
    }

    /** {@code host} of {@code [host]} or {@code [host -> delegate]}. */
    private static String host(String bracket) {
        int arrow = bracket.indexOf(" -> ");
        return (arrow >= 0 ? bracket.substring(0, arrow) : bracket).trim();
    }

    private static int num(String text) {
        return text == null ? 0 : Integer.parseInt(text);
    }
}
