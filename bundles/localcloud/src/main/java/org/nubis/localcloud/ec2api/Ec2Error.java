package org.nubis.localcloud.ec2api;

/** An EC2 error answer: HTTP status, EC2 error code and message, as EC2 itself words them where it can. */
final class Ec2Error extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    Ec2Error(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** A client error (HTTP 400) with this code. */
    static Ec2Error client(String code, String message) {
        return new Ec2Error(400, code, message);
    }

    static Ec2Error invalidValue(String message) {
        return client("InvalidParameterValue", message);
    }

    static Ec2Error missing(String parameter) {
        return client("MissingParameter", "The request must contain the parameter " + parameter);
    }

    static Ec2Error authFailure(String message) {
        return new Ec2Error(401, "AuthFailure", message);
    }

    /** EC2 answers lack of capacity as a server error (500), which SDKs retry. */
    static Ec2Error insufficientCapacity(String message) {
        return new Ec2Error(500, "InsufficientInstanceCapacity", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
