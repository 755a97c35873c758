package io.switchboard.console.store;

import java.sql.Connection;
import java.sql.DriverManager;

/** Another process holding an H2 store's file, as a first instance does: opens it, says so, waits for its stdin to end. */
public final class H2FileHolder {

    private H2FileHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "", "")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS held (id INT)");
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes our stdin
            }
        }
    }
}
