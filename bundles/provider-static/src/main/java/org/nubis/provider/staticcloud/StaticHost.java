package org.nubis.provider.staticcloud;

/** One machine that already exists: where to reach it over SSH and as whom. */
record StaticHost(String host, int port, String user) {

    /** The instance id: {@code host:port} ({@code [v6]:port} for IPv6 literals). */
    String id() {
        return id(host, port);
    }

    static String id(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
