package org.nubis.localcloud.ec2api;

/** One EC2 action: reads its parameters and writes its answer after the {@code requestId}, or throws an Ec2Error. */
@FunctionalInterface
interface Ec2Action {

    void run(QueryParams params, XmlWriter answer);
}
