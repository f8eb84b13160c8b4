package dev.safemigrate.cli.demo;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The live status while the demo runs: one line rewritten in place (carriage return) on a terminal,
 * a plain line every few seconds otherwise (a log, a CI job), nothing with {@code --no-progress}.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 79;
    private final PrintStream out;
    private final boolean enabled;
    private final boolean terminal;
    private volatile Supplier<String> status = () -> null;
    private final Thread thread;
    private volatile boolean running = true;
    private int lastWidth;

    Progress(PrintStream out, boolean enabled, boolean terminal) {
        this.out = out;
        this.enabled = enabled;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "demo-progress");
        this.thread.setDaemon(true);
        if (enabled) {
            thread.start();
        }
    }

    /** A one-off message, e.g. the phase that starts now. */
    synchronized void say(String message) {
        if (!enabled) {
            return;
        }
        clearLine();
        out.println(message);
        out.flush();
    }

    /** What the status line shows from now on; null shows nothing. */
    void show(Supplier<String> status) {
        this.status = status;
    }

    private void loop() {
        long every = terminal ? 250 : 2000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            print();
        }
    }

    private synchronized void print() {
        String line = status.get();
        if (line == null || !running) {
            return;
        }
        if (terminal) {
            // A line longer than the terminal wraps, and a carriage return cannot go back up: keep it to 79.
            if (line.length() > WIDTH) {
                line = line.substring(0, WIDTH - 1) + "…";
            }
            String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
            out.print("\r" + padded);
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void clearLine() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (enabled) {
            clearLine();
            out.flush();
        }
    }
}
