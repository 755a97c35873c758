package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service JVM gets the real test classpath, also when surefire starts the tests from a manifest-only jar. */
class ServiceProcessClasspathTest {

    @TempDir
    Path dir;

    @Test
    void aManifestOnlyJarIsReplacedByTheEntriesItNames() throws IOException {
        Path absolute = Files.createDirectories(dir.resolve("m2/lib-1.0.jar"));
        Path booter = jar(dir.resolve("booter/surefirebooter.jar"),
                absolute.toUri() + " ../test-classes/ relative%20dir/x.jar", false);
        String classpath = ServiceProcess.classpath(booter + File.pathSeparator + "/plain/dir");
        assertThat(List.of(classpath.split(File.pathSeparator))).containsExactly(
                absolute.toString(), dir.resolve("test-classes").toString(),
                dir.resolve("booter/relative dir/x.jar").toString(), "/plain/dir");
    }

    @Test
    void anOrdinaryJarWithAClassPathStaysAsItIs() throws IOException {
        Path library = jar(dir.resolve("lib.jar"), "other.jar", true);
        assertThat(ServiceProcess.classpath(library.toString())).isEqualTo(library.toString());
    }

    private static Path jar(Path file, String classPath, boolean withClass) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (withClass) {
                jar.putNextEntry(new JarEntry("a/B.class"));
                jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                jar.closeEntry();
            }
        }
        return file;
    }
}
