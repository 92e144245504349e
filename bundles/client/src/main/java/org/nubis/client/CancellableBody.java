package org.nubis.client;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body that another thread can stop. A thread reading a {@code BodyHandlers.ofLines()}
 * stream blocks inside the JDK's reader, and neither an interrupt nor closing the stream (which
 * waits for the reader's lock) frees it. {@link #cancel()} drops the connection and ends the
 * stream with an IOException, so that the reader returns at once.
 *
 * <p>All signals to the wrapped subscriber go through this object's lock, and none after cancel or
 * completion, so the wrapped subscriber still sees a well-formed sequence.
 */
final class CancellableBody<T> implements BodySubscriber<T> {

    private final BodySubscriber<T> delegate;
    private Flow.Subscription upstream;
    private boolean done;

    CancellableBody(BodySubscriber<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        boolean cancelled;
        synchronized (this) {
            upstream = subscription;
            delegate.onSubscribe(subscription);
            cancelled = done;
        }
        if (cancelled) { // cancel() came first
            subscription.cancel();
            delegate.onError(new IOException("closed"));
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> item) {
        if (!done) {
            delegate.onNext(item);
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        if (!done) {
            done = true;
            delegate.onError(error);
        }
    }

    @Override
    public synchronized void onComplete() {
        if (!done) {
            done = true;
            delegate.onComplete();
        }
    }

    /** Drops the connection and ends the body with an IOException ("closed"). */
    void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            s = upstream;
        }
        if (s != null) {
            s.cancel();
            delegate.onError(new IOException("closed"));
        }
    }
}
