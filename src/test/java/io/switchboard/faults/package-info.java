/**
 * The process-level fault suite (issue 11): the service in JVMs of its own ({@link io.switchboard.faults.ServiceProcess},
 * started as a user starts it, from the project folder with {@code --key=value} settings), a real KRaft broker and
 * the emulated org in the test JVM ({@link io.switchboard.faults.FaultBed}), and after every scenario an audit of the
 * org and the topics ({@link io.switchboard.faults.Audit}).
 *
 * <p>Run it alone (about 80 s on two cores; the service logs land in {@code <build dir>/fault-suite/<time>/}):
 * <pre>
 * ./mvnw -q -Dbuild.dir=target-faults -Dit.test='ProcessFaultsIT' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false verify
 * </pre>
 * ({@code -Dtest='io.switchboard.faults.*'} selects no test with this project's surefire 3.5.) The scenarios disabled as product defects run with
 * {@code -Djunit.jupiter.conditions.deactivate='org.junit.*DisabledCondition'}.
 */
package io.switchboard.faults;
