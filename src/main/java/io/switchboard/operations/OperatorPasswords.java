package io.switchboard.operations;

import java.util.List;

/**
 * An operator's password in configuration is a hash, never the password: Spring Security's stored form, its scheme
 * first, e.g. {@code {bcrypt}$2a$10$...} (docs/security.md says how to make one). A plain or {@code {noop}}
 * password stops the start, naming the setting.
 */
final class OperatorPasswords {

    private static final List<String> HASHES = List.of("{bcrypt}", "{argon2}", "{argon2@SpringSecurity_v5_8}",
            "{pbkdf2}", "{pbkdf2@SpringSecurity_v5_8}", "{scrypt}", "{scrypt@SpringSecurity_v5_8}");

    private OperatorPasswords() {
    }

    static String checked(String operator, String password) {
        String setting = "switchboard.management.operators." + operator + ".password";
        if (password == null || password.isBlank()) {
            throw new SecuritySettingsException(setting + " is empty: give the hash of the operator's password, "
                    + "e.g. {bcrypt}$2a$10$...");
        }
        if (HASHES.stream().noneMatch(password::startsWith)) {
            // the value itself is never repeated: it may be the password
            throw new SecuritySettingsException(setting + " is not a password hash: give it as {bcrypt}$2a$10$... "
                    + "(or {argon2}, {pbkdf2}, {scrypt}), never the password itself");
        }
        return password;
    }
}
