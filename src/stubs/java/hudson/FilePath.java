package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;

/** Stub: local files only; act runs the callable in this JVM as Jenkins does for a local path. */
public final class FilePath implements Serializable {
    private final File file;

    public FilePath(File localPath) {
        this.file = localPath;
    }

    public FilePath(FilePath base, String rel) {
        this.file = new File(base.file, rel);
    }

    public String getName() {
        return file.getName();
    }

    public java.util.List<FilePath> list() throws IOException, InterruptedException {
        java.util.List<FilePath> children = new java.util.ArrayList<>();
        File[] files = file.listFiles();
        if (files != null) {
            for (File child : files) {
                children.add(new FilePath(child));
            }
        }
        return children;
    }

    public String readToString() throws IOException, InterruptedException {
        return java.nio.file.Files.readString(file.toPath());
    }

    public String getRemote() {
        return file.getPath();
    }

    public FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    public FilePath getParent() {
        File parent = file.getParentFile();
        return parent == null ? null : new FilePath(parent);
    }

    /** The computer of the node this path is on; the stub's local paths belong to no computer. */
    public hudson.model.Computer toComputer() {
        return null;
    }

    public FilePath withSuffix(String suffix) {
        return new FilePath(new File(file.getPath() + suffix));
    }

    public boolean exists() throws IOException, InterruptedException {
        return file.exists();
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        return file.isDirectory();
    }

    public java.io.InputStream read() throws IOException, InterruptedException {
        return java.nio.file.Files.newInputStream(file.toPath());
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(target.file.toPath().getParent());
        java.nio.file.Files.copy(file.toPath(), target.file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        if (!file.exists()) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(file.toPath())) {
            for (java.nio.file.Path path : (Iterable<java.nio.file.Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    public void mkdirs() throws IOException, InterruptedException {
        file.mkdirs();
    }

    public void write(String content, String encoding) throws IOException, InterruptedException {
        java.nio.file.Files.writeString(file.toPath(), content, java.nio.charset.Charset.forName(encoding));
    }

    public static final hudson.remoting.LocalChannel localChannel = new hudson.remoting.LocalChannel(null);

    /** Stub: local paths only, so always the JVM's own channel. */
    public VirtualChannel getChannel() {
        return localChannel;
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        return callable.invoke(file, null);
    }

    public interface FileCallable<T> extends Serializable {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
