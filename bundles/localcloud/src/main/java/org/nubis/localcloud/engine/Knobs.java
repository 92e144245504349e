package org.nubis.localcloud.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test knobs that change how instances (and the API faces) behave; they may change at run time
 * (PUT /v1/knobs). {@code ec2ThrottleRate} and {@code ec2CapacityFailAfter} are read by the EC2 face.
 */
public final class Knobs {

    static final String NAMES = "bootDelayMs, failureRate, neverReachableRate, ec2ThrottleRate, ec2CapacityFailAfter, "
            + "sshCutAfterMs";

    /**
     * One consistent set of knob values. {@code ec2CapacityFailAfter} -1 means never; {@code sshCutAfterMs}
     * 0 means never, else every SSH channel (a command, a shell, SFTP, SCP) has its connection cut that
     * long after it opens, as a network that drops it would.
     */
    public record Values(long bootDelayMs, double failureRate, double neverReachableRate, double ec2ThrottleRate,
            long ec2CapacityFailAfter, long sshCutAfterMs) {
        public Values {
            if (bootDelayMs < 0) {
                throw new IllegalArgumentException("bootDelayMs must be 0 or more, got " + bootDelayMs);
            }
            checkRate("failureRate", failureRate);
            checkRate("neverReachableRate", neverReachableRate);
            checkRate("ec2ThrottleRate", ec2ThrottleRate);
            if (sshCutAfterMs < 0) {
                throw new IllegalArgumentException("sshCutAfterMs must be 0 (never) or more, got " + sshCutAfterMs);
            }
            if (ec2CapacityFailAfter < -1) {
                throw new IllegalArgumentException("ec2CapacityFailAfter must be -1 (never) or more, got "
                        + ec2CapacityFailAfter);
            }
        }

        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("bootDelayMs", bootDelayMs);
            map.put("failureRate", failureRate);
            map.put("neverReachableRate", neverReachableRate);
            map.put("ec2ThrottleRate", ec2ThrottleRate);
            map.put("ec2CapacityFailAfter", ec2CapacityFailAfter);
            map.put("sshCutAfterMs", sshCutAfterMs);
            return map;
        }

        private static void checkRate(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
            }
        }
    }

    private volatile Values values;
    /** EC2 RunInstances calls since ec2CapacityFailAfter was last set (at start or by an update naming it). */
    private final AtomicLong runInstancesCalls = new AtomicLong();

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
        double ec2ThrottleRate = now.ec2ThrottleRate();
        long ec2CapacityFailAfter = now.ec2CapacityFailAfter();
        long sshCutAfterMs = now.sshCutAfterMs();
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            Object value = change.getValue();
            switch (change.getKey()) {
                case "bootDelayMs" -> bootDelayMs = asNumber(change.getKey(), value).longValue();
                case "failureRate" -> failureRate = asNumber(change.getKey(), value).doubleValue();
                case "neverReachableRate" -> neverReachableRate = asNumber(change.getKey(), value).doubleValue();
                case "ec2ThrottleRate" -> ec2ThrottleRate = asNumber(change.getKey(), value).doubleValue();
                case "ec2CapacityFailAfter" -> ec2CapacityFailAfter = asNumber(change.getKey(), value).longValue();
                case "sshCutAfterMs" -> sshCutAfterMs = asNumber(change.getKey(), value).longValue();
                default -> throw new IllegalArgumentException("unknown knob '" + change.getKey()
                        + "'; knobs are " + NAMES);
            }
        }
        values = new Values(bootDelayMs, failureRate, neverReachableRate, ec2ThrottleRate, ec2CapacityFailAfter, sshCutAfterMs);
        if (changes.containsKey("ec2CapacityFailAfter")) {
            runInstancesCalls.set(0);
        }
        return values;
    }

    /**
     * Counts one EC2 RunInstances call and tells whether it must fail for lack of capacity: true for every
     * call after the first {@code ec2CapacityFailAfter} since that knob was set (never when it is -1).
     */
    public boolean countRunInstancesCall() {
        long failAfter = values.ec2CapacityFailAfter();
        long call = runInstancesCalls.incrementAndGet();
        return failAfter >= 0 && call > failAfter;
    }

    private static Number asNumber(String name, Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalArgumentException(name + " must be a number, got " + value);
    }
}
