package io.switchboard.emulator.pubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * A self-signed certificate for {@code localhost}, made once per JVM with the JDK's own keytool (no extra
 * library), and a trust store holding it next to the JDK's CA certificates, installed as the JVM's default trust
 * store ({@code javax.net.ssl.trustStore}).
 *
 * <p>Why: Camel's Pub/Sub client always connects with TLS (its plaintext switch is only reachable from Camel's own
 * tests), and trusts what the JVM's default trust managers trust. The emulator, the service and the tests share one
 * JVM in tests and local mode, so installing the trust store there lets the unmodified component connect. A
 * service in another process needs {@link #jvmOptions()}. The JDK's CA certificates stay trusted, so nothing else
 * in the JVM loses trust. If {@code javax.net.ssl.trustStore} was already set, that store is the base instead.
 */
final class LocalTls {

    private static final String ALIAS = "switchboard-emulator-pubsub";

    private final Path keyStore;
    private final Path trustStore;
    private final char[] password;
    private final Path optionsFile;

    private LocalTls(Path keyStore, Path trustStore, char[] password, Path optionsFile) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
        this.optionsFile = optionsFile;
    }

    /** Initialization-on-demand: one certificate and one installed trust store per JVM, made thread-safely. */
    private static final class Holder {
        static final LocalTls INSTANCE = create();
    }

    static LocalTls get() {
        return Holder.INSTANCE;
    }

    KeyManagerFactory keyManagers() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the emulator's TLS key store " + keyStore, e);
        }
    }

    /** For a service started in another JVM: the options that make it trust the emulator's certificate. */
    List<String> jvmOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword="
                + new String(password), "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** The {@link #jvmOptions()} in a java @argfile ({@code java @path ...}), so they need not be printed. */
    Path jvmOptionsFile() {
        return optionsFile;
    }

    private static LocalTls create() {
        try {
            Path dir = Files.createTempDirectory("sf-emulator-tls");
            dir.toFile().deleteOnExit();
            // a throwaway secret for throwaway stores in a temp folder, made fresh each run; never committed
            char[] password = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(12)).toCharArray();
            Path keyStore = dir.resolve("pubsub-server.p12");
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(password),
                    "-keypass", new String(password));
            keyStore.toFile().deleteOnExit();
            Path trustStore = dir.resolve("trust.p12");
            writeTrustStore(keyStore, trustStore, password);
            trustStore.toFile().deleteOnExit();
            System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            LocalTls tls = new LocalTls(keyStore, trustStore, password, dir.resolve("client-jvm-options"));
            // a java @argfile, so that a client JVM started by hand trusts the certificate: java @file ...
            Files.writeString(tls.optionsFile, String.join(System.lineSeparator(), tls.jvmOptions()));
            tls.optionsFile.toFile().deleteOnExit();
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the Pub/Sub emulator's TLS certificate", e);
        }
    }

    private static void writeTrustStore(Path keyStore, Path target, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, password);
        }
        Certificate certificate = server.getCertificate(ALIAS);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, password);
        String base = System.getProperty("javax.net.ssl.trustStore");
        Path basePath = base != null && !base.isBlank() ? Path.of(base)
                : Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (Files.isReadable(basePath)) {
            KeyStore existing = KeyStore.getInstance(base != null ? System.getProperty("javax.net.ssl.trustStoreType",
                    KeyStore.getDefaultType()) : KeyStore.getDefaultType());
            String basePassword = base != null ? System.getProperty("javax.net.ssl.trustStorePassword", "") : "";
            try (InputStream in = Files.newInputStream(basePath)) {
                existing.load(in, basePassword.isEmpty() ? null : basePassword.toCharArray());
            }
            for (String alias : java.util.Collections.list(existing.aliases())) {
                if (existing.isCertificateEntry(alias)) {
                    trust.setCertificateEntry(alias, existing.getCertificate(alias));
                }
            }
        }
        trust.setCertificateEntry(ALIAS, certificate);
        try (OutputStream out = Files.newOutputStream(target)) {
            trust.store(out, password);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
