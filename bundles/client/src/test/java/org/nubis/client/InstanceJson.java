package org.nubis.client;

/** JSON as the server writes it, for the tests. */
final class InstanceJson {

    static final String ONE = "{\"id\":\"demo-1\",\"experiment\":\"demo\",\"cloud\":\"local\",\"cloudId\":\"i-1\","
            + "\"state\":\"running\",\"stateReason\":null,\"tags\":[\"demo\",\"demo-1\",\"local\",\"worker\"],"
            + "\"publicHost\":\"127.0.0.1\",\"privateHost\":\"10.0.0.1\",\"sshPort\":2222,\"sshUser\":\"nubis\","
            + "\"image\":\"default\",\"flavor\":\"small\",\"createdAt\":\"2026-11-22T10:00:00Z\","
            + "\"someFieldOfANewerServer\":{\"x\":1}}";

    static String operation(String id, String kind, String state, String result, String error) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"target\":\"demo\",\"user\":\"alice\","
                + "\"state\":\"" + state + "\",\"createdAt\":\"2026-11-22T10:00:00Z\","
                + (state.equals("running") ? "" : "\"finishedAt\":\"2026-11-22T10:01:00Z\",")
                + "\"done\":1,\"total\":3"
                + (result == null ? "" : ",\"result\":" + result)
                + (error == null ? "" : ",\"error\":" + error) + "}";
    }

    private InstanceJson() {
    }
}
