package dev.prism.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folders a viewer serves, and the one way a request names something in them: an id
 * {@code INDEX/RELATIVE/PATH} (the folder's place in the list, then a path inside it). An id that
 * leaves its folder (a {@code ..} segment, an absolute path, a backslash, a symbolic link pointing
 * out) names nothing, exactly as a missing file does.
 */
public final class Folders {

    private final List<Path> roots;

    /** Each folder must exist; symbolic links among them are resolved once, here. */
    public Folders(List<Path> folders) throws IOException {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("no folder to serve");
        }
        List<Path> real = new ArrayList<>();
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                throw new IllegalArgumentException("--runs " + f + ": no such folder");
            }
            real.add(f.toRealPath());
        }
        this.roots = List.copyOf(real);
    }

    /** The served folders, as real paths. */
    public List<Path> roots() {
        return roots;
    }

    /** The id of {@code path}, which lies inside served folder {@code index}. */
    String id(int index, Path path) {
        String rel = roots.get(index).relativize(path).toString().replace('\\', '/');
        return rel.isEmpty() ? Integer.toString(index) : index + "/" + rel;
    }

    /** What {@code id} names inside the served folders (its real path), or empty when it names nothing there. */
    public Optional<Path> resolve(String id) {
        if (id == null || id.isEmpty() || id.indexOf('\\') >= 0 || id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        int slash = id.indexOf('/');
        String head = slash < 0 ? id : id.substring(0, slash);
        String rest = slash < 0 ? "" : id.substring(slash + 1);
        if (!head.matches("[0-9]{1,4}") || Integer.parseInt(head) >= roots.size() || rest.startsWith("/")) {
            return Optional.empty();
        }
        for (String segment : rest.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && !rest.isEmpty())) {
                return Optional.empty();
            }
        }
        Path root = roots.get(Integer.parseInt(head));
        Path p = rest.isEmpty() ? root : root.resolve(rest).normalize();
        if (!p.startsWith(root) || !Files.exists(p)) {
            return Optional.empty();
        }
        try {
            Path real = p.toRealPath();
            return real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
