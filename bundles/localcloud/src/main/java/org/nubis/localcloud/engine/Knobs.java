package org.nubis.localcloud.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The test knobs that change how instances behave; they may change at run time (PUT /v1/knobs). */
public final class Knobs {

    /** One consistent set of knob values. */
    public record Values(long bootDelayMs, double failureRate, double neverReachableRate) {
        public Values {
            if (bootDelayMs < 0) {
                throw new IllegalArgumentException("bootDelayMs must be 0 or more, got " + bootDelayMs);
            }
            checkRate("failureRate", failureRate);
            checkRate("neverReachableRate", neverReachableRate);
        }

        public static Values of(long bootDelayMs, double failureRate, double neverReachableRate) {
            return new Values(bootDelayMs, failureRate, neverReachableRate);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("bootDelayMs", bootDelayMs);
            map.put("failureRate", failureRate);
            map.put("neverReachableRate", neverReachableRate);
            return map;
        }

        private static void checkRate(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
            }
        }
    }

    private volatile Values values;

    public Knobs(Values initial) {
        this.values = initial;
    }

    public Values get() {
        return values;
    }

    /**
     * Applies the given subset of knobs. Keys are the knob names; unknown keys and bad values are
     * rejected as a whole, so a failed update changes nothing.
     */
    public synchronized Values update(Map<String, ?> changes) {
        Values now = values;
        long bootDelayMs = now.bootDelayMs();
        double failureRate = now.failureRate();
        double neverReachableRate = now.neverReachableRate();
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            Object value = change.getValue();
            switch (change.getKey()) {
                case "bootDelayMs" -> bootDelayMs = asNumber(change.getKey(), value).longValue();
                case "failureRate" -> failureRate = asNumber(change.getKey(), value).doubleValue();
                case "neverReachableRate" -> neverReachableRate = asNumber(change.getKey(), value).doubleValue();
                default -> throw new IllegalArgumentException("unknown knob '" + change.getKey()
                        + "'; knobs are bootDelayMs, failureRate, neverReachableRate");
            }
        }
        values = new Values(bootDelayMs, failureRate, neverReachableRate);
        return values;
    }

    private static Number asNumber(String name, Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalArgumentException(name + " must be a number, got " + value);
    }
}
