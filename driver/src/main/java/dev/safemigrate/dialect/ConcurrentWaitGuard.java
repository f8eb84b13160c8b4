package dev.safemigrate.dialect;

/**
 * Watches a long step (a concurrent index build) while it runs, and stops it when it can never
 * finish. Closed when the step ends.
 */
public interface ConcurrentWaitGuard extends AutoCloseable {
    ConcurrentWaitGuard NONE = new ConcurrentWaitGuard() {
        @Override
        public String verdict() {
            return null;
        }

        @Override
        public void close() {
        }
    };

    /** Why the guard cancelled the step (the message for the caller), or {@code null} when it did not. */
    String verdict();

    @Override
    void close();
}
