package dev.safemigrate.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --changed REF}: the files a branch changes, as a pull request shows them: everything that differs
 * between the point where the branch left {@code REF} ({@code git merge-base REF HEAD}) and the working tree,
 * plus files git does not track yet. Deleted files are not listed. Runs the {@code git} found on the PATH.
 */
final class GitChanges {
    private static final long TIMEOUT_SECONDS = 60;

    private GitChanges() {
    }

    /** The real paths of the changed files of the repository holding {@code inside}. */
    static Set<Path> against(String ref, Path inside) throws PlanInputException {
        Path folder = Files.isDirectory(inside) ? inside : inside.toAbsolutePath().getParent();
        Path top = Path.of(git(folder, "rev-parse", "--show-toplevel").get(0));
        String base = git(top, "merge-base", ref, "HEAD").get(0);
        Set<Path> changed = new HashSet<>();
        List<String> names = new ArrayList<>(git(top, "diff", "--name-only", "--diff-filter=ACMRT", "-z", base));
        names.addAll(git(top, "ls-files", "--others", "--exclude-standard", "-z"));
        for (String name : names) {
            try {
                changed.add(top.resolve(name).toRealPath());
            } catch (IOException e) {
                // listed but gone from the working tree: nothing to plan
            }
        }
        return changed;
    }

    /** Runs git in {@code dir}; its output split at NULs or line ends; a failure is bad input with git's message. */
    private static List<String> git(Path dir, String... args) throws PlanInputException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.add("-C");
        command.add(dir.toString());
        command.addAll(List.of(args));
        String what = "git " + String.join(" ", args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PlanInputException("--changed: " + what + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new PlanInputException("--changed: " + what + " failed in " + dir + ": "
                        + new String(err, StandardCharsets.UTF_8).strip()
                        + " (give a branch, tag or commit of the repository that holds the migrations, e.g. --changed origin/main)");
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("[\\x00\\n]")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            if (lines.isEmpty() && (args[0].equals("rev-parse") || args[0].equals("merge-base"))) {
                throw new PlanInputException("--changed: " + what + " printed nothing in " + dir);
            }
            return lines;
        } catch (IOException e) {
            throw new PlanInputException("--changed needs git on the PATH: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanInputException("--changed: interrupted while running " + what);
        }
    }
}
